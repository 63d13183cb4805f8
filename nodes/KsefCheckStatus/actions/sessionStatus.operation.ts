import type { CheckStatusOperation } from './types';
import { explainStatus } from '../../../src/errors/codes';
import { requiredText, sessionReferenceProperty } from './parameters';

export const sessionStatus: CheckStatusOperation = {
	description: [sessionReferenceProperty(['sessionStatus'])],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const status = await client.getSessionStatus(sessionReferenceNumber);
		const advice = explainStatus(status.status.code, 'session');
		return [
			{
				json: {
					sessionReferenceNumber,
					statusCode: status.status.code,
					statusDescription: status.status.description,
					statusDetails: status.status.details ?? [],
					explanation: advice ? `${advice.meaning} ${advice.whatToDo}` : null,
					invoiceCount: status.invoiceCount ?? null,
					successfulInvoiceCount: status.successfulInvoiceCount ?? null,
					failedInvoiceCount: status.failedInvoiceCount ?? null,
					dateCreated: status.dateCreated,
					dateUpdated: status.dateUpdated,
					validUntil: status.validUntil ?? null,
					upoPages: (status.upo?.pages ?? []).map((page) => page.referenceNumber),
				},
			},
		];
	},
};
