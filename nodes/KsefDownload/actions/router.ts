import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createClient } from '../../shared/credentials';
import { mapItems } from '../../shared/perItem';
import { downloadInvoice } from './downloadInvoice.operation';
import { downloadUpo } from './downloadUpo.operation';
import { exportInvoices } from './exportInvoices.operation';
import type { DownloadOperation, DownloadOperationName } from './types';

export const operations: Record<DownloadOperationName, DownloadOperation> = {
	downloadInvoice,
	downloadUpo,
	exportInvoices,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { client, secrets } = await createClient(this);
	const operation = this.getNodeParameter('operation', 0) as DownloadOperationName;
	// Single downloads overlap to save time; exports already run one heavy job per item, so they go one by one.
	const { concurrency = 4 } = this.getNodeParameter('options', 0, {}) as { concurrency?: number };
	return [
		await mapItems(this, secrets, (itemIndex) => operations[operation].execute(this, client, itemIndex), operation === 'downloadInvoice' ? concurrency : 1),
	];
}
