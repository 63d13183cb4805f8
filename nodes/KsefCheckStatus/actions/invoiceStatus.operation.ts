import { outcomeFromStatus } from '../../../src/sessions/invoiceOutcome';
import { outcomeJson } from '../../shared/outcomeJson';
import { requiredText, sessionReferenceProperty, showFor } from './parameters';
import type { CheckStatusOperation } from './types';

export const invoiceStatus: CheckStatusOperation = {
	description: [
		sessionReferenceProperty(['invoiceStatus']),
		{
			displayName: 'Invoice Reference Number',
			name: 'invoiceReferenceNumber',
			type: 'string',
			default: '={{ $json.invoiceReferenceNumber }}',
			required: true,
			description: 'The reference KSeF gave the invoice when it was sent (not the KSeF number)',
			displayOptions: showFor(['invoiceStatus']),
		},
	],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const invoiceReferenceNumber = requiredText(ctx, 'invoiceReferenceNumber', 'Invoice Reference Number', itemIndex);
		const status = await client.getInvoiceStatus(sessionReferenceNumber, invoiceReferenceNumber);
		// The same shape as KSeF Send Invoice's output, so a "check later" branch can merge back with it.
		return [{ json: outcomeJson(outcomeFromStatus(itemIndex, sessionReferenceNumber, status)) }];
	},
};
