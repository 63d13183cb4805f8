import { outcomeFromStatus } from '../../../src/sessions/invoiceOutcome';
import { outcomeJson } from '../../shared/outcomeJson';
import { requiredText, sessionReferenceProperty, showFor } from './parameters';
import { resultLimit, returnAllProperties } from '../../shared/returnAll';
import type { CheckStatusOperation } from './types';

export const listInvoices: CheckStatusOperation = {
	description: [
		sessionReferenceProperty(['listInvoices']),
		{
			displayName: 'Only Failed Invoices',
			name: 'failedOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to list only the invoices KSeF rejected',
			displayOptions: showFor(['listInvoices']),
		},
		...returnAllProperties({ operation: ['listInvoices'] }),
	],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const failedOnly = ctx.getNodeParameter('failedOnly', itemIndex, false) as boolean;
		const limit = resultLimit(ctx, itemIndex) ?? Infinity;
		const items = [];
		// Pages are fetched only as far as the limit needs.
		for await (const invoice of client.listSessionInvoices(sessionReferenceNumber, {
			failedOnly,
			pageSize: Math.max(10, Math.min(1000, Number.isFinite(limit) ? limit : 1000)),
		})) {
			items.push({ json: { ordinalNumber: invoice.ordinalNumber, invoiceFileName: invoice.invoiceFileName ?? null, ...outcomeJson(outcomeFromStatus(itemIndex, sessionReferenceNumber, invoice)) } });
			if (items.length >= limit) break;
		}
		return items;
	},
};
