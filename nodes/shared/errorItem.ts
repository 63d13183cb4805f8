import type { IDataObject, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The item an input gets when it failed and the node continues on fail. n8n's engine (handleNodeErrorOutput in
 * n8n-core) routes an item to the error output of "On Error: Continue (using error output)" only when its JSON
 * has no keys besides `error`, `message` and `details`; everything else we know (the session, the invoice hash, …) goes under `details`, so an error item never
 * loses what it knew.
 */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number, details: IDataObject = {}): INodeExecutionData {
	return {
		json: { error: error.message, details: { description: error.description ?? null, itemIndex, ...details } },
		pairedItem: { item: itemIndex },
	};
}
