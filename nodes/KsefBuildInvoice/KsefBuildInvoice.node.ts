import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { buildInvoiceXml, describeProblems, totalsJson, validateBuiltInvoices, type BuiltInvoice } from '../../src/fa3/build';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { formatAmount } from '../../src/fa3/build/money';
import { sha256Base64 } from '../../src/crypto/hash';
import { parseInvoice } from '../../src/invoices/parseInvoice';
import { ItemResults } from '../shared/itemResults';
import { buildInvoiceProperties } from './description';
import { invoiceFieldsFromParameters } from './invoiceFieldsFromParameters';

interface BuildOptions {
	binaryPropertyName?: string;
	includeInvoiceJson?: boolean;
}

export class KsefBuildInvoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Build Invoice',
		name: 'ksefBuildInvoice',
		icon: { light: 'file:ksefBuildInvoice.svg', dark: 'file:ksefBuildInvoice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "fields → FA(3) " + ($parameter["kind"] ?? "") }}',
		description:
			'Build a valid Polish FA(3) e-invoice (XML) from plain fields: seller, buyer, dates, line items with VAT rates, payment. Computes the VAT totals exactly and checks the result against the FA(3) schema; pass the output to KSeF Send Invoice.',
		defaults: { name: 'KSeF Build Invoice' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Offline only: builds a Polish FA(3) e-invoice XML from fields, nothing is sent to KSeF. Give the invoice in the Invoice (JSON) field: seller and buyer (NIP, name, address), invoice number, issue date, currency, and lines (name, quantity, unit price, VAT rate such as 23, 8, 5, 0 KR or zw). Returns the XML file, exact totals per VAT rate and any field problems by name. To issue the invoice, pass the result to KSeF Send Invoice only when the user asks to send it.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: buildInvoiceProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const results = new ItemResults(this);
		const built: Array<{ itemIndex: number; invoice: BuiltInvoice }> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				built.push({ itemIndex, invoice: buildInvoiceXml(invoiceFieldsFromParameters(this, itemIndex)) });
			} catch (error) {
				results.fail(itemIndex, error);
			}
		}

		// One schema run for all invoices: xmllint's start-up is most of the cost of validating one.
		const checks = await validateBuiltInvoices(built.map((entry) => entry.invoice));
		for (const [position, { itemIndex, invoice }] of built.entries()) {
			const check = checks[position];
			if (!check.valid) {
				results.fail(itemIndex, new KsefInputError(`Invoice ${invoice.invoiceNumber}`, `does not pass the FA(3) schema: ${describeProblems(check.problems)}`, 'Fix the fields named; nothing was sent.'));
				continue;
			}
			results.set(itemIndex, await outputItem(this, itemIndex, invoice));
		}
		return [results.all()];
	}
}

async function outputItem(ctx: IExecuteFunctions, itemIndex: number, invoice: BuiltInvoice): Promise<INodeExecutionData> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as BuildOptions;
	const xml = Buffer.from(invoice.xml, 'utf8');
	const fileName = `${invoice.invoiceNumber.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.xml`;
	return {
		json: {
			invoiceNumber: invoice.invoiceNumber,
			kind: invoice.kind,
			// KSeF's invoice hash: the Base64 SHA-256 of the exact bytes, as Send Invoice reports it back.
			sha256: sha256Base64(xml),
			size: xml.length,
			totals: { ...totalsJson(invoice.totals, invoice.currency), ...(invoice.amountDue ? { amountDue: formatAmount(invoice.amountDue) } : {}) },
			hasAttachment: invoice.hasAttachment,
			// KSeF refuses attachments in online sessions: route on this field (e.g. with an If node).
			sendWith: invoice.hasAttachment ? 'KSeF Batch Send' : 'KSeF Send Invoice',
			...(options.includeInvoiceJson === false ? {} : { invoice: parseInvoice(xml) }),
		},
		binary: { [options.binaryPropertyName || 'data']: await ctx.helpers.prepareBinaryData(xml, fileName, 'application/xml') },
		pairedItem: { item: itemIndex },
	};
}
