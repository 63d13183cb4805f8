import type { IBinaryData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';

export interface ContextSetup {
	items: INodeExecutionData[];
	/** Node parameters; a function value is evaluated per item (like an expression). */
	parameters: Record<string, unknown | ((itemIndex: number) => unknown)>;
	credentials: Record<string, unknown>;
	continueOnFail?: boolean;
	/** Binary contents by item index and property name (what getBinaryDataBuffer returns). */
	binaries?: Record<number, Record<string, Buffer>>;
}

/** An IExecuteFunctions good enough to run our nodes' execute() outside n8n. */
export function executeContext(setup: ContextSetup): IExecuteFunctions {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(setup.items);
	ctx.getNode.mockReturnValue({ name: 'KSeF', type: 'n8n-nodes-ksef.test', typeVersion: 1, parameters: {} } as unknown as INode);
	ctx.continueOnFail.mockReturnValue(setup.continueOnFail ?? false);
	ctx.getCredentials.mockResolvedValue(setup.credentials as never);
	ctx.getNodeParameter.mockImplementation(((name: string, itemIndex: number, fallback?: unknown) => {
		if (!(name in setup.parameters)) return fallback;
		const value = setup.parameters[name];
		return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
	}) as IExecuteFunctions['getNodeParameter']);
	const helpers = {
		getBinaryDataBuffer: jest.fn(async (itemIndex: number, property: string) => {
			const buffer = setup.binaries?.[itemIndex]?.[property];
			if (!buffer) throw new Error(`no binary ${property} on item ${itemIndex}`);
			return buffer;
		}),
		prepareBinaryData: jest.fn(
			async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
			}),
		),
	};
	const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
	Object.assign(ctx, { helpers, logger });
	return ctx;
}

/** Items carrying XML files the way Read Files from Disk gives them. */
export function xmlItems(files: Buffer[], property = 'data'): Pick<ContextSetup, 'items' | 'binaries'> {
	return {
		items: files.map((file, index) => ({
			json: { index },
			binary: { [property]: { data: '', mimeType: 'application/xml', fileName: `invoice-${index}.xml` } },
		})),
		binaries: Object.fromEntries(files.map((file, index) => [index, { [property]: file }])),
	};
}
