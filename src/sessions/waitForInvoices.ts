import type { SessionInvoiceStatusResponse } from '../api/schemas';
import type { AuthorizedApi } from '../http/authorizedApi';
import type { Sleep } from '../http/retry';
import { PROCESSING_CODES } from './invoiceOutcome';
import { listSessionInvoices } from './sessionQueries';

export interface InvoicePollPolicy {
	initialDelayMs: number;
	maxDelayMs: number;
	/** Stop waiting after this long; what is still 100/150 then is reported as pending, not as an error. */
	maxWaitMs: number;
}

/**
 * Polls the session's invoice list (one request per 1,000 invoices, instead of one per invoice) until every
 * wanted invoice has left 100/150 or the wait runs out. TEST sometimes holds invoices at 150 for minutes, so
 * running out is a normal outcome: the last status seen is returned for each invoice.
 */
export async function waitForInvoices(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	invoiceReferenceNumbers: string[],
	policy: InvoicePollPolicy,
	sleep: Sleep,
): Promise<Map<string, SessionInvoiceStatusResponse>> {
	const wanted = new Set(invoiceReferenceNumbers);
	const latest = new Map<string, SessionInvoiceStatusResponse>();
	const deadline = Date.now() + policy.maxWaitMs;
	let delay = policy.initialDelayMs;
	for (;;) {
		for await (const invoice of listSessionInvoices(api, sessionReferenceNumber)) {
			if (wanted.has(invoice.referenceNumber)) latest.set(invoice.referenceNumber, invoice);
		}
		const unfinished = invoiceReferenceNumbers.filter((reference) => {
			const status = latest.get(reference)?.status.code;
			return status === undefined || PROCESSING_CODES.has(status);
		});
		if (unfinished.length === 0 || Date.now() + delay > deadline) return latest;
		await sleep(delay);
		delay = Math.min(policy.maxDelayMs, Math.round(delay * 1.5));
	}
}
