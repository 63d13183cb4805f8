import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createClient } from '../../shared/credentials';
import { toNodeError } from '../../shared/errors';
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
	const items = this.getInputData();
	const { client, token } = await createClient(this);
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const operation = this.getNodeParameter('operation', itemIndex) as CheckStatusOperationName;
		try {
			const output = await operations[operation].execute(this, client, itemIndex);
			returnData.push(...output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex, [token]);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { error: nodeError.message, description: nodeError.description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
