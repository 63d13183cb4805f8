import type { SessionInvoiceStatusResponse } from '../api/schemas';
import { DEFAULTS } from '../config/defaults';
import { KsefApiError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import type { Sleep } from '../http/retry';
import { PROCESSING_CODES } from './invoiceOutcome';
import { isCancellation, pendingProblem } from './sessionLifecycle';
import { getInvoiceStatus, listSessionInvoices } from './sessionQueries';

export interface InvoicePollPolicy {
	initialDelayMs: number;
	maxDelayMs: number;
	/** Stop waiting after this long; what is still 100/150 then is reported as pending, not as an error. */
	maxWaitMs: number;
}

export interface InvoiceWait {
	/** The last status seen of each invoice (a final one where the wait got that far). */
	statuses: Map<string, SessionInvoiceStatusResponse>;
	/** Why some invoices have no final status: the reads kept failing, or the execution was cancelled. */
	problem?: string;
}

/**
 * Polls until every wanted invoice has left 100/150 or the wait runs out. Few invoices are read one by one
 * (the per-invoice status has the looser rate limit), many through the session's list (one call per 1,000).
 * Running out is a normal outcome (TEST sometimes holds invoices at 150 for minutes), and so is a read that keeps
 * failing (5xx, a long Retry-After, authentication failing mid-wait): polling goes on until the deadline, then
 * whatever is unfinished is reported with what went wrong. Nothing here throws.
 */
export async function waitForInvoices(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	invoiceReferenceNumbers: string[],
	policy: InvoicePollPolicy,
	sleep: Sleep,
): Promise<InvoiceWait> {
	const latest = new Map<string, SessionInvoiceStatusResponse>();
	const deadline = Date.now() + policy.maxWaitMs;
	const signal = api.http.signal;
	let delay = policy.initialDelayMs;
	let problem: string | undefined;
	for (;;) {
		const unfinished = invoiceReferenceNumbers.filter((reference) => {
			const status = latest.get(reference)?.status.code;
			return status === undefined || PROCESSING_CODES.has(status);
		});
		if (unfinished.length === 0) return { statuses: latest };
		let pause = delay;
		try {
			await readStatuses(api, sessionReferenceNumber, unfinished, latest);
			problem = undefined;
		} catch (error) {
			if (isCancellation(error)) return { statuses: latest, problem: pendingProblem(error) };
			problem = pendingProblem(error);
			// KSeF said how long to wait (429, 503): wait that long if the deadline allows, else report now.
			const retryAfter = error instanceof KsefApiError ? error.retryAfterMs : undefined;
			if (retryAfter !== undefined) {
				if (Date.now() + retryAfter > deadline) return { statuses: latest, problem };
				pause = retryAfter;
			}
		}
		const stillUnfinished = invoiceReferenceNumbers.some((reference) => {
			const status = latest.get(reference)?.status.code;
			return status === undefined || PROCESSING_CODES.has(status);
		});
		if (!stillUnfinished) return { statuses: latest };
		if (Date.now() + pause > deadline) return { statuses: latest, problem };
		try {
			await sleep(pause, signal);
		} catch (error) {
			return { statuses: latest, problem: pendingProblem(error) };
		}
		delay = Math.min(policy.maxDelayMs, Math.round(delay * 1.5));
	}
}

async function readStatuses(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	unfinished: string[],
	latest: Map<string, SessionInvoiceStatusResponse>,
): Promise<void> {
	let oneByOne = unfinished;
	if (unfinished.length > DEFAULTS.perInvoiceStatusMaxInvoices) {
		const wanted = new Set(unfinished);
		for await (const invoice of listSessionInvoices(api, sessionReferenceNumber)) {
			if (wanted.has(invoice.referenceNumber)) latest.set(invoice.referenceNumber, invoice);
		}
		// The list can lag behind the sends; the few it does not show yet are read one by one.
		oneByOne = unfinished.filter((reference) => !latest.has(reference));
		if (oneByOne.length > DEFAULTS.perInvoiceStatusMaxInvoices) return;
	}
	for (const reference of oneByOne) latest.set(reference, await getInvoiceStatus(api, sessionReferenceNumber, reference));
}
