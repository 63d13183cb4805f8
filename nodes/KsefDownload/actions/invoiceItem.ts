import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { parseInvoice, type InvoiceJson, type InvoiceMetadata } from '../../../src';
import { sha256Base64 } from '../../../src/crypto/hash';
import { invoiceFacts, type InvoiceFacts } from '../../../src/invoices/invoiceFacts';
import { verificationLinkOrNull } from '../../shared/verificationLink';

export interface InvoiceFile {
	ksefNumber: string;
	xml: Buffer;
	/** The hash KSeF reported, when it did. */
	hash?: string;
	metadata?: InvoiceMetadata;
}

type Parsed = { invoice: InvoiceJson } | { error: string };

/**
 * One output item per invoice: the XML as a binary file named after its KSeF number, and JSON with the fields
 * a workflow maps first, the KOD I verification link, and (optionally) the whole invoice parsed.
 */
export async function invoiceItem(ctx: IExecuteFunctions, baseUrl: string, itemIndex: number, file: InvoiceFile): Promise<INodeExecutionData> {
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const { parseJson = true } = ctx.getNodeParameter('options', itemIndex, {}) as { parseJson?: boolean };
	const parsed = tryParse(file.xml);
	const facts: InvoiceFacts = 'invoice' in parsed ? invoiceFacts(parsed.invoice) : {};
	const json: IDataObject = {
		ksefNumber: file.ksefNumber,
		invoiceNumber: facts.invoiceNumber ?? file.metadata?.invoiceNumber ?? null,
		issueDate: facts.issueDate ?? file.metadata?.issueDate ?? null,
		sellerNip: facts.sellerNip ?? file.metadata?.seller.nip ?? null,
		buyerNip: facts.buyerNip ?? null,
		currency: facts.currency ?? file.metadata?.currency ?? null,
		grossAmount: facts.grossAmount ?? null,
		invoiceHash: file.hash ?? sha256Base64(file.xml),
		verificationLink: verificationLinkOrNull(baseUrl, facts.sellerNip, facts.issueDate, file.xml),
	};
	if (file.metadata) json.metadata = file.metadata as unknown as IDataObject;
	if (parseJson) {
		if ('invoice' in parsed) json.invoice = parsed.invoice as IDataObject;
		// Not every document in KSeF is FA(3) (PEF invoices are UBL); the file is still delivered, with the reason.
		else json.parseError = parsed.error;
	}
	return { json, binary: { [property]: await ctx.helpers.prepareBinaryData(file.xml, `${file.ksefNumber}.xml`, 'application/xml') } };
}

function tryParse(xml: Buffer): Parsed {
	try {
		return { invoice: parseInvoice(xml) };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}
