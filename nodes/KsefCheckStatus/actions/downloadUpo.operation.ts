import { requiredText, sessionReferenceProperty, showFor } from './parameters';
import type { CheckStatusOperation } from './types';

export const downloadUpo: CheckStatusOperation = {
	description: [
		{
			displayName: 'UPO Of',
			name: 'upoScope',
			type: 'options',
			options: [
				{ name: 'Invoice (by Invoice Reference)', value: 'invoiceReference' },
				{ name: 'Invoice (by KSeF Number)', value: 'ksefNumber' },
				{ name: 'Whole Session', value: 'session', description: 'The collective UPO; one file per page' },
			],
			default: 'invoiceReference',
			displayOptions: showFor(['downloadUpo']),
		},
		sessionReferenceProperty(['downloadUpo']),
		{
			displayName: 'Invoice Reference Number',
			name: 'invoiceReferenceNumber',
			type: 'string',
			default: '={{ $json.invoiceReferenceNumber }}',
			required: true,
			displayOptions: { show: { operation: ['downloadUpo'], upoScope: ['invoiceReference'] } },
		},
		{
			displayName: 'KSeF Number',
			name: 'ksefNumber',
			type: 'string',
			default: '={{ $json.ksefNumber }}',
			required: true,
			displayOptions: { show: { operation: ['downloadUpo'], upoScope: ['ksefNumber'] } },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'upo',
			displayOptions: showFor(['downloadUpo']),
		},
	],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const scope = ctx.getNodeParameter('upoScope', itemIndex) as 'invoiceReference' | 'ksefNumber' | 'session';
		const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'upo') as string;
		const asItem = async (xml: Buffer, fileName: string, json: Record<string, string>) => ({
			json: { sessionReferenceNumber, ...json },
			binary: { [property]: await ctx.helpers.prepareBinaryData(xml, fileName, 'application/xml') },
		});

		if (scope === 'session') {
			const pages = await client.downloadSessionUpo(sessionReferenceNumber);
			if (!pages.length) {
				throw new Error(
					`Session ${sessionReferenceNumber} has no UPO yet. KSeF makes it after the session is closed and processed (status 200); check the session status and try again later.`,
				);
			}
			return Promise.all(
				pages.map((page) => asItem(page.xml, `UPO-${sessionReferenceNumber}-${page.referenceNumber}.xml`, { upoReferenceNumber: page.referenceNumber })),
			);
		}
		if (scope === 'ksefNumber') {
			const ksefNumber = requiredText(ctx, 'ksefNumber', 'KSeF Number', itemIndex);
			const xml = await client.downloadInvoiceUpo(sessionReferenceNumber, { ksefNumber });
			return [await asItem(xml, `UPO-${ksefNumber}.xml`, { ksefNumber })];
		}
		const invoiceReferenceNumber = requiredText(ctx, 'invoiceReferenceNumber', 'Invoice Reference Number', itemIndex);
		const xml = await client.downloadInvoiceUpo(sessionReferenceNumber, { invoiceReferenceNumber });
		return [await asItem(xml, `UPO-${invoiceReferenceNumber}.xml`, { invoiceReferenceNumber })];
	},
};
