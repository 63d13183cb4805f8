import { outcomeFromStatus } from '../../../src/sessions/invoiceOutcome';
import { outcomeJson } from '../../shared/outcomeJson';
import { requiredText, sessionReferenceProperty, showFor } from './parameters';
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
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(['listInvoices']),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { operation: ['listInvoices'], returnAll: [false] } },
		},
	],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const failedOnly = ctx.getNodeParameter('failedOnly', itemIndex, false) as boolean;
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
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
