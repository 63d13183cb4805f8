import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const INVOICE_FIXTURES = join(__dirname, '..', 'fixtures', 'invoices');

export function sampleInvoice(fileName: string): Buffer {
	return readFileSync(join(INVOICE_FIXTURES, fileName));
}

export interface InvoiceChanges {
	/** P_2: KSeF treats seller NIP + invoice type + P_2 as the invoice's identity (duplicates: 440). */
	invoiceNumber: string;
	sellerNip?: string;
	/** P_1, YYYY-MM-DD. */
	issueDate?: string;
	template?: string;
}

let counter = 0;

/** A unique, schema-valid invoice number for tests that must not collide with each other. */
export function uniqueInvoiceNumber(prefix = 'T'): string {
	counter += 1;
	return `${prefix}/${process.pid}/${Date.now().toString(36)}/${counter}`;
}

/** An official sample with its number (and optionally seller NIP and issue date) replaced. */
export function makeInvoice(changes: InvoiceChanges): Buffer {
	let xml = sampleInvoice(changes.template ?? 'FA_3_Przyklad_1.xml').toString('utf8');
	xml = xml.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${changes.invoiceNumber}</P_2>`);
	if (changes.issueDate) xml = xml.replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${changes.issueDate}</P_1>`);
	if (changes.sellerNip) {
		xml = xml.replace(/(<Podmiot1>[\s\S]*?<NIP>)[^<]*(<\/NIP>)/, `$1${changes.sellerNip}$2`);
	}
	return Buffer.from(xml, 'utf8');
}
