import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { KsefInputError } from '../../src/errors/KsefInputError';

export type InvoiceSource = 'binary' | 'text';

/** The parameters every node that takes invoice XML shows. */
export const invoiceSourceProperties: INodeProperties[] = [
	{
		displayName: 'Invoice Source',
		name: 'invoiceSource',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'An XML file from a previous node (Read Files, HTTP Request, Google Drive…)' },
			{ name: 'Text', value: 'text', description: 'The XML as text, e.g. from an expression' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the binary field holding the FA(3) XML file',
		displayOptions: { show: { invoiceSource: ['binary'] } },
	},
	{
		displayName: 'Invoice XML',
		name: 'invoiceXml',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: '<?xml version="1.0" encoding="UTF-8"?><Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">…',
		displayOptions: { show: { invoiceSource: ['text'] } },
	},
];

/** The invoice XML of one item, as the exact bytes to send (hashes are computed over these bytes). */
export async function readInvoiceXml(ctx: IExecuteFunctions, itemIndex: number): Promise<Buffer> {
	const source = ctx.getNodeParameter('invoiceSource', itemIndex) as InvoiceSource;
	if (source === 'text') {
		const text = ctx.getNodeParameter('invoiceXml', itemIndex) as string;
		if (!text.trim()) {
			throw new KsefInputError('Invoice XML', 'is empty', 'Map the field that holds the FA(3) XML, or switch Invoice Source to Binary File.');
		}
		return Buffer.from(text, 'utf8');
	}
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw new KsefInputError(
			'Input Binary Field',
			`"${property}" does not exist on this item`,
			available.length
				? `Use one of the binary fields the item has: ${available.join(', ')}.`
				: 'The item has no binary data: read the XML file first (e.g. Read/Write Files from Disk), or switch Invoice Source to Text.',
		);
	}
	return ctx.helpers.getBinaryDataBuffer(itemIndex, property);
}
