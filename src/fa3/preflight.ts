import { DEFAULTS } from '../config/defaults';
import { KsefInputError } from '../errors/KsefInputError';
import { inspectInvoice, type InvoiceFacts } from './inspect';
import { validateFa3 } from './validate';

export interface PreflightOptions {
	/** 'online' refuses attachments (KSeF answers 415); 'batch' allows them, within the larger size limit. */
	mode: 'online' | 'batch';
	validateXsd: boolean;
}

/**
 * Everything about one invoice that can be checked without KSeF: size, well-formed FA(3), the schema, and the
 * attachment rule. Catching these here saves a session, a rate-limited request, and a confusing async status.
 */
export async function preflightInvoice(xml: Buffer, options: PreflightOptions): Promise<InvoiceFacts> {
	if (xml.length === 0) throw new KsefInputError('Invoice XML', 'is empty', 'Pass the FA(3) invoice file or text.');
	const facts = inspectInvoice(xml);
	const limit = facts.hasAttachment && options.mode === 'batch' ? DEFAULTS.maxInvoiceWithAttachmentSizeBytes : DEFAULTS.maxInvoiceSizeBytes;
	if (xml.length > limit) {
		throw new KsefInputError(
			'Invoice XML',
			`is ${formatBytes(xml.length)}, over KSeF's ${formatBytes(limit)} limit${facts.invoiceNumber ? ` (invoice ${facts.invoiceNumber})` : ''}`,
			'Split the invoice, or move large attachments out of the XML.',
		);
	}
	if (facts.hasAttachment && options.mode === 'online') {
		throw new KsefInputError(
			'Invoice XML',
			`contains an attachment (Zalacznik)${facts.invoiceNumber ? ` in invoice ${facts.invoiceNumber}` : ''}, which KSeF refuses in online sessions (status 415)`,
			'Send invoices with attachments with the KSeF Batch Send node; the NIP also needs the attachment permission.',
		);
	}
	if (options.validateXsd) {
		const result = await validateFa3(xml);
		if (!result.valid) {
			const shown = result.errors.slice(0, 3).map((error) => (error.line ? `line ${error.line}: ${error.message}` : error.message));
			throw new KsefInputError(
				'Invoice XML',
				`does not match the FA(3) schema${facts.invoiceNumber ? ` (invoice ${facts.invoiceNumber})` : ''}: ${shown.join('; ')}${result.errors.length > 3 ? ` (+${result.errors.length - 3} more)` : ''}`,
				'Fix the named element in the source system. To let KSeF judge the invoice itself, turn off "Validate Before Sending".',
			);
		}
	}
	return facts;
}

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
