import type { INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The item an input gets when it failed and the node is set to continue on fail. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message, description: error.description ?? null }, pairedItem: { item: itemIndex } };
}
