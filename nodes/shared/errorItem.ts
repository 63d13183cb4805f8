import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The item an input gets when it failed and the node is set to continue on fail. `references` (session,
 * invoice hash, …) are kept, so an error item never loses what it knew.
 */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number, references: IDataObject = {}): INodeExecutionData {
	return { json: { ...references, error: error.message, description: error.description ?? null }, pairedItem: { item: itemIndex } };
}
