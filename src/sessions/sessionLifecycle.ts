import type { SessionsQueryResponse } from '../api/schemas';
import { forgetCertificates } from '../auth/certificates';
import { KsefApiError, KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { isLostOrServerError } from '../http/retryTable';

/**
 * Opening and closing sessions when answers go missing (the `checkFirst` rows of http/retryTable.ts): KSeF may
 * have done the work even though the client saw a 5xx or no answer at all.
 */

/** No answer, or a gateway error: KSeF may or may not have done what was asked. Cancellation and TLS failures are not this. */
export function isUncertain(error: unknown): boolean {
	return error instanceof UncertainCloseError || isLostOrServerError(error);
}

export function isCancellation(error: unknown): boolean {
	return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED');
}

const KEY_UNKNOWN = 21470;
const STATUS_FORBIDS = 21180;

/**
 * Sessions this process opened, so a search for an orphan never takes a concurrent execution's session for it.
 * Only recent ones matter (the search looks back seconds), so the set is kept small in a long-running n8n.
 */
const ownSessions = new Set<string>();
const OWN_SESSIONS_KEPT = 1_000;

function rememberOwnSession(referenceNumber: string): void {
	ownSessions.add(referenceNumber);
	if (ownSessions.size > OWN_SESSIONS_KEPT) ownSessions.delete(ownSessions.values().next().value as string);
}

export interface OpenedSession<T> {
	response: T;
	/** Sessions KSeF opened for a request whose answer was lost: closed (online) or left for KSeF to cancel (batch). */
	orphans: string[];
}

/**
 * POST that opens a session, with the recoveries KSeF's behaviour allows: 21470 (KSeF rotated its keys) → the
 * certificates are fetched again and the key wrapped anew, once; a 5xx or a lost answer → the session KSeF may
 * have opened is searched for (created since just before the request, still open, no invoices, not ours), then
 * one more open.
 */
export async function openSessionWithRecovery<T extends { referenceNumber: string }>(
	api: AuthorizedApi,
	kind: 'Online' | 'Batch',
	open: (refreshKeys: boolean) => Promise<T>,
): Promise<OpenedSession<T>> {
	const orphans: string[] = [];
	let refreshKeys = false;
	let retriedUncertain = false;
	for (;;) {
		const startedMs = Date.now();
		try {
			const response = await open(refreshKeys);
			rememberOwnSession(response.referenceNumber);
			return { response, orphans };
		} catch (error) {
			if (error instanceof KsefApiError && error.exceptionCode === KEY_UNKNOWN && !refreshKeys) {
				forgetCertificates(api.http.baseUrl);
				refreshKeys = true;
				continue;
			}
			if (!isUncertain(error) || retriedUncertain) throw error;
			retriedUncertain = true;
			// Named, never closed: KSeF's list cannot tell our orphan from a session another n8n worker opened for
			// the same NIP at the same moment, and closing that one would make its invoices fail. An empty session
			// holds nothing and expires on its own.
			orphans.push(...(await findOrphans(api, kind, startedMs).catch(() => [])));
		}
	}
}

/** Margin for clock differences between this machine and KSeF when searching by creation time. */
const CLOCK_MARGIN_MS = 30_000;

async function findOrphans(api: AuthorizedApi, kind: 'Online' | 'Batch', startedMs: number): Promise<string[]> {
	const { body } = await api.json<SessionsQueryResponse>({
		method: 'GET',
		path: '/sessions',
		query: { sessionType: kind, statuses: ['InProgress'], dateCreatedFrom: new Date(startedMs - CLOCK_MARGIN_MS).toISOString(), pageSize: 100 },
	});
	return body.sessions
		.filter((session) => !ownSessions.has(session.referenceNumber) && session.totalInvoiceCount === 0)
		.map((session) => session.referenceNumber);
}

/**
 * Closes a session even when the answer goes missing: after a 5xx or no answer, the session's status decides
 * (anything but 100 means KSeF closed it); only a session still open is closed again, and a 21180 to that second
 * close means the first one did close it.
 */
export async function closeSession(api: AuthorizedApi, kind: 'Online' | 'Batch', referenceNumber: string): Promise<void> {
	const path = `/sessions/${kind === 'Online' ? 'online' : 'batch'}/${encodeURIComponent(referenceNumber)}/close`;
	const close = () => api.json<void>({ method: 'POST', path, signal: null });
	try {
		await close();
		return;
	} catch (error) {
		if (!isUncertain(error)) throw error;
	}
	// From here on the first close may have gone through: whatever fails now leaves that open.
	try {
		const status = await getSessionStatusUncancellable(api, referenceNumber);
		if (status !== 100) return;
		await close();
	} catch (error) {
		if (error instanceof KsefApiError && error.exceptionCode === STATUS_FORBIDS) return;
		throw new UncertainCloseError(referenceNumber, error);
	}
}

/** A close whose answer was lost and whose effect could not be settled: KSeF may or may not have closed the session. */
export class UncertainCloseError extends KsefError {
	constructor(
		readonly referenceNumber: string,
		cause: unknown,
	) {
		super(`Closing session ${referenceNumber} may or may not have worked: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
	}
}

async function getSessionStatusUncancellable(api: AuthorizedApi, referenceNumber: string): Promise<number> {
	const { body } = await api.json<{ status: { code: number } }>({
		method: 'GET',
		path: `/sessions/${encodeURIComponent(referenceNumber)}`,
		signal: null,
	});
	return body.status.code;
}

/** Words for an item whose state could not be read in time: what went wrong and how to finish it. */
export function pendingProblem(error: unknown): string {
	if (isCancellation(error)) return 'The execution was cancelled before KSeF’s answer was known. Check the invoice with KSeF Check Status.';
	const reason = error instanceof KsefError || error instanceof Error ? error.message : String(error);
	return `KSeF may hold this invoice, but its state could not be read (${reason}). Check it with KSeF Check Status using the references; do not send it again.`;
}
