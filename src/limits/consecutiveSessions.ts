import type { AuthorizedApi } from '../http/authorizedApi';
import type { InvoiceOutcome } from '../sessions/invoiceOutcome';
import type { InvoiceToSend, SendInvoicesOptions } from '../sessions/sendInvoices';
import { sha256Base64 } from '../crypto/hash';
import { onlineSessionMaxInvoices } from './sessionLimits';

type SendInOneSession = (api: AuthorizedApi, invoices: readonly InvoiceToSend[], options: SendInvoicesOptions) => Promise<InvoiceOutcome[]>;

/**
 * More invoices than one online session may take (GET /limits/context, 10 000 by default) go through consecutive
 * sessions of at most that many, one after another as KSeF allows; every input still gets one outcome, with its
 * index in the whole input and the reference of the session it went through.
 */
export async function sendInConsecutiveSessions(
	api: AuthorizedApi,
	invoices: readonly InvoiceToSend[],
	options: SendInvoicesOptions,
	sendInOneSession: SendInOneSession,
): Promise<InvoiceOutcome[]> {
	// Any session takes one invoice: a single one needs no look-up, which counts against the 'other' rate limit.
	if (invoices.length <= 1) return sendInOneSession(api, invoices, options);
	const perSession = await onlineSessionMaxInvoices(api);
	if (invoices.length <= perSession) return sendInOneSession(api, invoices, options);
	const outcomes: InvoiceOutcome[] = [];
	for (let start = 0; start < invoices.length; start += perSession) {
		const slice = invoices.slice(start, start + perSession);
		try {
			const chunk = await sendInOneSession(api, slice, options);
			outcomes.push(...chunk.map((outcome) => ({ ...outcome, index: outcome.index + start })));
		} catch (error) {
			// Only opening a session throws (each invoice's fate is reported, not thrown): nothing of this chunk was
			// sent, while the earlier sessions' invoices keep their outcomes and KSeF numbers.
			if (start === 0) throw error;
			outcomes.push(...slice.map((invoice, offset): InvoiceOutcome => ({ index: start + offset, outcome: 'failed', invoiceHash: sha256Base64(invoice.xml), error: error as Error })));
		}
	}
	return outcomes;
}
