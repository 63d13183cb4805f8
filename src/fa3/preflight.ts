import { DEFAULTS } from '../config/defaults';
import { KsefInputError } from '../errors/KsefInputError';
import { inspectInvoice, type InvoiceFacts } from './inspect';
import { validateFa3Many } from './validate';

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
	const [result] = await preflightInvoices([xml], options);
	if (result instanceof Error) throw result;
	return result;
}

/**
 * The same checks for many invoices, each with its own result (facts, or the error naming what is wrong). The
 * schema check runs once for all of them: starting xmllint costs far more than validating one invoice.
 */
export async function preflightInvoices(xmls: Buffer[], options: PreflightOptions): Promise<Array<InvoiceFacts | KsefInputError>> {
	// Whatever goes wrong with one invoice stays with that invoice: the others are still checked and sent.
	const results = xmls.map((xml) => {
		try {
			return structuralCheck(xml, options);
		} catch (error) {
			return asInputError(error, 'could not be read');
		}
	});
	if (!options.validateXsd) return results;
	const toValidate = results.flatMap((result, index) => (result instanceof Error ? [] : [index]));
	let verdicts: Awaited<ReturnType<typeof validateFa3Many>>;
	try {
		verdicts = await validateFa3Many(toValidate.map((index) => xmls[index]));
	} catch (error) {
		const failure = asInputError(error, 'could not be checked against the FA(3) schema');
		for (const index of toValidate) results[index] = failure;
		return results;
	}
	toValidate.forEach((index, position) => {
		const verdict = verdicts[position];
		const facts = results[index] as InvoiceFacts;
		if (!verdict.valid) {
			const shown = verdict.errors.slice(0, 3).map((error) => {
				const message = error.message.replace(/[.\s]+$/, '');
				return error.line ? `line ${error.line}: ${message}` : message;
			});
			results[index] = new KsefInputError(
				'Invoice XML',
				`does not match the FA(3) schema${facts.invoiceNumber ? ` (invoice ${facts.invoiceNumber})` : ''}: ${shown.join('; ')}${verdict.errors.length > 3 ? ` (+${verdict.errors.length - 3} more)` : ''}`,
				'Fix the named element in the source system. To let KSeF judge the invoice itself, turn off "Validate Before Sending".',
			);
		}
	});
	return results;
}

function asInputError(error: unknown, what: string): KsefInputError {
	if (error instanceof KsefInputError) return error;
	return new KsefInputError(
		'Invoice XML',
		`${what} (${error instanceof Error ? error.message : String(error)})`,
		'Check that the item holds one FA(3) invoice as produced by an invoicing system; if it does, please report this.',
	);
}

function structuralCheck(xml: Buffer, options: PreflightOptions): InvoiceFacts {
	if (xml.length === 0) throw new KsefInputError('Invoice XML', 'is empty', 'Pass the FA(3) invoice file or text.');
	// Size before anything else: a document over KSeF's largest limit for this mode is never parsed (a 60 MB
	// document used to be parsed in full, 685 ms and +59 MB, only to be refused afterwards).
	const largest = options.mode === 'batch' ? DEFAULTS.maxInvoiceWithAttachmentSizeBytes : DEFAULTS.maxInvoiceSizeBytes;
	if (xml.length > largest) {
		throw new KsefInputError(
			'Invoice XML',
			`is ${formatBytes(xml.length)}, over KSeF's ${formatBytes(largest)} limit${options.mode === 'batch' ? ' for invoices with attachments' : ''}`,
			'Split the invoice, or move large attachments out of the XML; check that the item holds one invoice, not a whole export.',
		);
	}
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
	return facts;
}

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
