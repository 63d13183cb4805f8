import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createClient } from '../../shared/credentials';
import { mapItems } from '../../shared/perItem';
import { authStatus } from './authStatus.operation';
import { downloadUpo } from './downloadUpo.operation';
import { invoiceStatus } from './invoiceStatus.operation';
import { listInvoices } from './listInvoices.operation';
import { sessionStatus } from './sessionStatus.operation';
import type { CheckStatusOperation, CheckStatusOperationName } from './types';

export const operations: Record<CheckStatusOperationName, CheckStatusOperation> = {
	sessionStatus,
	invoiceStatus,
	listInvoices,
	downloadUpo,
	authStatus,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { client, secrets } = await createClient(this);
	return [
		await mapItems(this, secrets, (itemIndex) => {
			const operation = this.getNodeParameter('operation', itemIndex) as CheckStatusOperationName;
			return operations[operation].execute(this, client, itemIndex);
		}),
	];
}
