import type { SessionInvoiceStatusResponse } from '../api/schemas';
import { sha256Base64 } from '../crypto/hash';
import type { AuthorizedApi } from '../http/authorizedApi';
import { downloadInvoice } from '../invoices/download';
import { outcomeFromStatus, type InvoiceOutcome } from './invoiceOutcome';
import { listSessionInvoices } from './sessionQueries';

/**
 * A 440 whose original is in a session this execution opened, and which no other item of the execution holds,
 * is this very invoice: an earlier attempt whose answer was lost reached KSeF after all, and the resend was
 * refused as its duplicate. Such an item is `accepted` with the original's KSeF number and references. A 440
 * pointing at another item's number (the same invoice twice in the input) stays a duplicate.
 */
export async function resolveOwnDuplicates(api: AuthorizedApi, outcomes: InvoiceOutcome[], ownSessions: ReadonlySet<string>): Promise<void> {
	const claimed = new Set(outcomes.filter((o) => o.outcome === 'accepted' && o.ksefNumber).map((o) => o.ksefNumber));
	const candidates = outcomes.filter(
		(o) => o.outcome === 'duplicate' && o.originalKsefNumber && o.originalSessionReferenceNumber && ownSessions.has(o.originalSessionReferenceNumber) && !claimed.has(o.originalKsefNumber),
	);
	if (candidates.length === 0) return;
	const originals = new Map<string, SessionInvoiceStatusResponse>();
	for (const session of new Set(candidates.map((o) => String(o.originalSessionReferenceNumber)))) {
		for await (const invoice of listSessionInvoices(api, session)) if (invoice.ksefNumber) originals.set(invoice.ksefNumber, invoice);
	}
	for (const outcome of candidates) {
		const ksefNumber = String(outcome.originalKsefNumber);
		if (claimed.has(ksefNumber)) continue;
		const original = originals.get(ksefNumber);
		let resolved: InvoiceOutcome;
		if (original) {
			if (original.invoiceHash !== outcome.invoiceHash) continue;
			resolved = outcomeFromStatus(outcome.index, String(outcome.originalSessionReferenceNumber), original);
		} else {
			// The session's list can lag behind; the stored invoice itself proves it is the same file.
			const stored = await downloadInvoice(api, ksefNumber).catch(() => undefined);
			if (!stored || sha256Base64(stored.xml) !== outcome.invoiceHash) continue;
			resolved = { ...outcome, outcome: 'accepted', ksefNumber, sessionReferenceNumber: outcome.originalSessionReferenceNumber, invoiceReferenceNumber: undefined, status: { code: 200, description: 'Sukces' } };
		}
		claimed.add(ksefNumber);
		Object.assign(outcome, resolved, {
			originalKsefNumber: undefined,
			originalSessionReferenceNumber: undefined,
			warning: joinWarnings(
				outcome.warning,
				`An earlier attempt of this execution reached KSeF although its answer was lost; the resend (${outcome.invoiceReferenceNumber}) was refused as its duplicate (440).`,
			),
		});
	}
}

export function joinWarnings(...warnings: Array<string | undefined>): string | undefined {
	const present = warnings.filter((warning): warning is string => !!warning);
	return present.length ? present.join(' ') : undefined;
}
