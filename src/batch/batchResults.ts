import type { SessionInvoiceStatusResponse, SessionStatusResponse } from '../api/schemas';
import { outcomeFromStatus, type InvoiceOutcome } from '../sessions/invoiceOutcome';
import type { BatchInvoice } from './batchPlan';

/**
 * KSeF processes a batch non-atomically and lists results in any order. Each result finds its input by the file
 * name in the ZIP, or failing that by the invoice hash; an input KSeF says nothing about gets the session's own
 * status (e.g. the whole package failed to decrypt) or, while the session is still running, "pending".
 */
export function mapBatchResults(
	sessionReferenceNumber: string,
	invoices: BatchInvoice[],
	results: SessionInvoiceStatusResponse[],
	session: SessionStatusResponse | undefined,
): InvoiceOutcome[] {
	const byName = new Map(invoices.map((invoice) => [invoice.fileName, invoice]));
	const byHash = new Map<string, BatchInvoice[]>();
	for (const invoice of invoices) byHash.set(invoice.invoiceHash, [...(byHash.get(invoice.invoiceHash) ?? []), invoice]);

	const outcomes = new Map<number, InvoiceOutcome>();
	for (const result of results) {
		const named = result.invoiceFileName ? byName.get(result.invoiceFileName) : undefined;
		const invoice = named ?? byHash.get(result.invoiceHash)?.find((candidate) => !outcomes.has(candidate.index));
		if (!invoice || outcomes.has(invoice.index)) continue;
		outcomes.set(invoice.index, { ...outcomeFromStatus(invoice.index, sessionReferenceNumber, result), invoiceHash: invoice.invoiceHash });
	}

	const sessionFinal = session && session.status.code >= 200 && session.status.code !== 200;
	return invoices.map(
		(invoice) =>
			outcomes.get(invoice.index) ?? {
				index: invoice.index,
				outcome: sessionFinal ? 'rejected' : 'pending',
				sessionReferenceNumber,
				invoiceHash: invoice.invoiceHash,
				status: sessionFinal ? session.status : undefined,
			},
	);
}
