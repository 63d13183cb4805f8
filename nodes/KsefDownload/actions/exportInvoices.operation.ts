import type { INodeExecutionData } from 'n8n-workflow';
import { filtersFromParameters, invoiceFilterProperties } from '../../shared/invoiceFilters';
import { binaryPropertyProperty, parseJsonOption, showFor } from './parameters';
import { invoiceItem } from './invoiceItem';
import type { DownloadOperation } from './types';

export const exportInvoices: DownloadOperation = {
	description: [
		{
			displayName:
				'For large syncs: KSeF packs the invoices itself, which can take minutes. Long ranges are split and packages cut at 10,000 invoices are continued automatically.',
			name: 'exportNotice',
			type: 'notice',
			default: '',
			displayOptions: showFor(['exportInvoices']),
		},
		...invoiceFilterProperties({ operation: ['exportInvoices'] }),
		binaryPropertyProperty(['exportInvoices'], 'data'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: showFor(['exportInvoices']),
			options: [
				{
					displayName: 'Max Wait per Package (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 30,
					description: 'How long to wait for KSeF to prepare one package (and for a free export slot) before stopping with an error',
				},
				parseJsonOption,
			],
		},
	],

	async execute(ctx, client, itemIndex) {
		const filters = filtersFromParameters(ctx, itemIndex);
		const { maxWaitMinutes = 30 } = ctx.getNodeParameter('options', itemIndex, {}) as { maxWaitMinutes?: number };
		const items: INodeExecutionData[] = [];
		// Packages are read from a temporary file one invoice at a time; only the output items accumulate.
		for await (const invoice of client.exportInvoices(filters, { maxWaitMs: maxWaitMinutes * 60_000 })) {
			items.push(await invoiceItem(ctx, client.baseUrl, itemIndex, invoice));
		}
		return items;
	},
};
