/**
 * Just enough of n8n's IExecuteFunctions to run Send Invoice and Batch Send outside n8n (and outside jest):
 * one binary XML file per item, Continue On Fail on, so every item's own result can be compared with KSeF.
 */
import type { IBinaryData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

export interface FakeRun {
	ctx: IExecuteFunctions;
	cancel: AbortController;
}

export function nodeContext(files: Buffer[], parameters: Record<string, unknown>, credentials: Record<string, unknown>): FakeRun {
	const cancel = new AbortController();
	const items: INodeExecutionData[] = files.map((_, index) => ({
		json: { index },
		binary: { data: { data: '', mimeType: 'application/xml', fileName: `invoice-${index}.xml` } },
	}));
	const node = { name: 'KSeF', type: 'n8n-nodes-ksef.faults', typeVersion: 1, parameters: {} } as unknown as INode;
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => true,
		getCredentials: async () => credentials,
		getExecutionCancelSignal: () => cancel.signal,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		helpers: {
			getBinaryDataBuffer: async (itemIndex: number) => files[itemIndex],
			assertBinaryData: (itemIndex: number) => items[itemIndex].binary?.data,
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
			}),
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, cancel };
}
