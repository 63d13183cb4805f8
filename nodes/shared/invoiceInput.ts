import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { KsefInputError } from '../../src/errors/KsefInputError';
import type { InvoiceFacts } from '../../src/fa3/inspect';
import { preflightInvoices, type PreflightOptions } from '../../src/fa3/preflight';
import type { ItemResults } from './itemResults';
import { describeValue } from './textParameter';

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
		const text = ctx.getNodeParameter('invoiceXml', itemIndex) as unknown;
		if (typeof text !== 'string') {
			// An expression such as {{ $json.invoice }} can hand over a number or the JSON an XML node made of the file.
			throw new KsefInputError(
				'Invoice XML',
				`is ${describeValue(text)}, not XML text`,
				'Map the field that holds the FA(3) XML as text (e.g. {{ $json.xml }}), not a number or JSON parsed from it; for a file, switch Invoice Source to Binary File.',
			);
		}
		if (!text.trim()) {
			throw new KsefInputError('Invoice XML', 'is empty', 'Map the field that holds the FA(3) XML, or switch Invoice Source to Binary File.');
		}
		return Buffer.from(text, 'utf8');
	}
	return binaryFieldBytes(
		ctx,
		itemIndex,
		ctx.getNodeParameter('binaryPropertyName', itemIndex) as unknown,
		'The item has no binary data: read the XML file first (e.g. Read/Write Files from Disk), or switch Invoice Source to Text.',
	);
}

/**
 * The bytes of the item's binary field named by a node parameter. The messages name the field, what arrived and,
 * when the item has no such file, the fields it does have (or `noBinaryFix` when it has none).
 */
export async function binaryFieldBytes(ctx: IExecuteFunctions, itemIndex: number, property: unknown, noBinaryFix: string): Promise<Buffer> {
	if (typeof property !== 'string' || !property.trim()) {
		throw new KsefInputError('Input Binary Field', `is ${typeof property === 'string' ? 'empty' : describeValue(property)}`, 'Give the name of the binary field holding the XML file, e.g. data.');
	}
	const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw new KsefInputError(
			'Input Binary Field',
			`"${property}" does not exist on this item`,
			available.length ? `Use one of the binary fields the item has: ${available.join(', ')}.` : noBinaryFix,
		);
	}
	return ctx.helpers.getBinaryDataBuffer(itemIndex, property);
}

/** Items are read and checked this many at a time: one schema run per chunk, never the whole input in memory. */
const PREFLIGHT_CHUNK = 200;

/**
 * Reads every item's invoice and runs the pre-flight checks, a chunk at a time; a failing item goes to
 * `results` (its error item, or the node stops), a passing one to `onValid` with its XML and facts.
 */
export async function preflightItems(
	ctx: IExecuteFunctions,
	results: ItemResults,
	options: PreflightOptions,
	onValid: (itemIndex: number, xml: Buffer, facts: InvoiceFacts) => void,
): Promise<void> {
	const count = ctx.getInputData().length;
	for (let start = 0; start < count; start += PREFLIGHT_CHUNK) {
		const read: Array<{ itemIndex: number; xml: Buffer }> = [];
		for (let itemIndex = start; itemIndex < Math.min(count, start + PREFLIGHT_CHUNK); itemIndex++) {
			try {
				read.push({ itemIndex, xml: await readInvoiceXml(ctx, itemIndex) });
			} catch (error) {
				results.fail(itemIndex, error);
			}
		}
		const checked = await preflightInvoices(
			read.map((entry) => entry.xml),
			options,
		);
		checked.forEach((result, position) => {
			const { itemIndex, xml } = read[position];
			if (result instanceof Error) results.fail(itemIndex, result);
			else onValid(itemIndex, xml, result);
		});
	}
}
