import type { InvoiceJson, InvoiceJsonValue } from './parseInvoice';

/** The few fields of a parsed FA(3) invoice a workflow (and KOD I) needs first, as written in the XML. */
export interface InvoiceFacts {
	/** P_2 */
	invoiceNumber?: string;
	/** P_1, YYYY-MM-DD */
	issueDate?: string;
	/** Podmiot1 NIP */
	sellerNip?: string;
	/** Podmiot2 NIP, when the buyer has one */
	buyerNip?: string;
	/** KodWaluty */
	currency?: string;
	/** P_15, exact decimal text */
	grossAmount?: string;
}

export function invoiceFacts(invoice: InvoiceJson): InvoiceFacts {
	return {
		invoiceNumber: textAt(invoice, ['Fa', 'P_2']),
		issueDate: textAt(invoice, ['Fa', 'P_1']),
		sellerNip: textAt(invoice, ['Podmiot1', 'DaneIdentyfikacyjne', 'NIP']),
		buyerNip: textAt(invoice, ['Podmiot2', 'DaneIdentyfikacyjne', 'NIP']),
		currency: textAt(invoice, ['Fa', 'KodWaluty']),
		grossAmount: textAt(invoice, ['Fa', 'P_15']),
	};
}

function textAt(node: InvoiceJsonValue | undefined, path: string[]): string | undefined {
	let current = node;
	for (const name of path) {
		if (current === undefined || typeof current === 'string' || Array.isArray(current)) return undefined;
		current = current[name];
	}
	if (typeof current === 'string') return current;
	// An element with attributes keeps its text under #text.
	if (current && !Array.isArray(current) && typeof current['#text'] === 'string') return current['#text'];
	return undefined;
}
