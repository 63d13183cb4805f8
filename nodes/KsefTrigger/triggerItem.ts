import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { parseInvoice, type InvoiceJson, type SyncedInvoice } from '../../src';
import { sha256Base64 } from '../../src/crypto/hash';
import { invoiceFacts } from '../../src/invoices/invoiceFacts';
import { withInvoicePdf, type InvoicePdfOptions } from '../shared/invoicePdf';
import { verificationLinkOrNull } from '../shared/verificationLink';

export interface ItemSettings {
	baseUrl: string;
	binaryPropertyName: string;
	parseJson: boolean;
	/** With Render PDF, each invoice that came with its XML gets its PDF too. */
	pdf: InvoicePdfOptions;
}

/**
 * One item per new invoice: the metadata fields as KSeF Query Invoices gives them, which subject type found it,
 * and with the XML the file as binary, the KOD I verification link and (optionally) the invoice parsed, as
 * KSeF Download gives them, and with Render PDF its PDF (binary "pdf") as Download's option makes it.
 */
export async function triggerItem(ctx: IPollFunctions, settings: ItemSettings, invoice: SyncedInvoice): Promise<INodeExecutionData> {
	const json: IDataObject = { ...(invoice.metadata as unknown as IDataObject) };
	if (!invoice.xml) return { json };
	let parsed: InvoiceJson | undefined;
	try {
		parsed = parseInvoice(invoice.xml);
	} catch (error) {
		// Not every document in KSeF is FA(3) (PEF invoices are UBL); the file is still delivered, with the reason.
		if (settings.parseJson) json.parseError = error instanceof Error ? error.message : String(error);
	}
	const facts = parsed ? invoiceFacts(parsed) : {};
	json.invoiceHash = invoice.hash ?? invoice.metadata.invoiceHash ?? sha256Base64(invoice.xml);
	json.verificationLink = verificationLinkOrNull(settings.baseUrl, facts.sellerNip, facts.issueDate, invoice.xml);
	if (parsed && settings.parseJson) json.invoice = parsed as IDataObject;
	const file = await ctx.helpers.prepareBinaryData(invoice.xml, `${invoice.metadata.ksefNumber}.xml`, 'application/xml');
	const item = { json, binary: { [settings.binaryPropertyName]: file } };
	return await withInvoicePdf(ctx.helpers, settings.pdf, settings.baseUrl, item, invoice.xml, invoice.metadata.ksefNumber);
}
