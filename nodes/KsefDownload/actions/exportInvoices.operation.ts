import type { INodeExecutionData } from 'n8n-workflow';
import { CheckpointTracker } from '../../../src';
import { includeCheckpointOption, withCheckpoint } from '../../shared/checkpoint';
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
				includeCheckpointOption,
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
		const { maxWaitMinutes = 30, includeCheckpoint = false } = ctx.getNodeParameter('options', itemIndex, {}) as { maxWaitMinutes?: number; includeCheckpoint?: boolean };
		const checkpoint = includeCheckpoint ? new CheckpointTracker(filters.dateRange) : undefined;
		const items: INodeExecutionData[] = [];
		const problems: string[] = [];
		// Packages are read from a temporary file one invoice at a time; only the output items accumulate.
		for await (const invoice of client.exportInvoices(filters, { maxWaitMs: maxWaitMinutes * 60_000, onPackageProblem: (problem) => problems.push(problem), checkpoint })) {
			items.push(await invoiceItem(ctx, client.baseUrl, itemIndex, invoice));
		}
		// A skipped entry does not fail the export: the sound invoices are delivered, and the output pane says what was left out.
		if (problems.length && typeof ctx.addExecutionHints === 'function') {
			ctx.addExecutionHints(
				...problems.slice(0, 10).map((message) => ({ type: 'warning' as const, location: 'outputPane' as const, message: `${message} [item ${itemIndex}]` })),
			);
		}
		return checkpoint ? withCheckpoint(items, checkpoint.result()) : items;
	},
};
