import { normalizeKsefNumber } from '../../../src/domain/ksefNumber';
import { renderPdfOptions, withInvoicePdf, type InvoicePdfOptions } from '../../shared/invoicePdf';
import { binaryPropertyProperty, ksefNumberProperty, parseJsonOption, requiredText, showFor } from './parameters';
import { invoiceItem } from './invoiceItem';
import type { DownloadOperation } from './types';

export const downloadInvoice: DownloadOperation = {
	description: [
		ksefNumberProperty(['downloadInvoice']),
		binaryPropertyProperty(['downloadInvoice'], 'data'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: showFor(['downloadInvoice']),
			options: [
				{
					displayName: 'Concurrency',
					name: 'concurrency',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 8 },
					default: 4,
					description: 'How many invoices to download at once. KSeF rate-limits downloads; its 429 answers are waited out.',
				},
				parseJsonOption,
				...renderPdfOptions(),
			],
		},
	],

	async execute(ctx, client, itemIndex) {
		const ksefNumber = requiredText(ctx, 'ksefNumber', 'KSeF Number', itemIndex);
		const { xml, hash } = await client.downloadInvoice(ksefNumber);
		const item = await invoiceItem(ctx, client.baseUrl, itemIndex, { ksefNumber: normalizeKsefNumber(ksefNumber), xml, hash });
		const pdfOptions = ctx.getNodeParameter('options', itemIndex, {}) as InvoicePdfOptions;
		return [await withInvoicePdf(ctx.helpers, pdfOptions, client.baseUrl, item, xml, normalizeKsefNumber(ksefNumber))];
	},
};
