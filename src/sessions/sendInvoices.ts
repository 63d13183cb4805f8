import type { FormCode } from '../api/schemas';
import { DEFAULTS, FA3_FORM_CODE } from '../config/defaults';
import { sha256Base64 } from '../crypto/hash';
import { KsefApiError, KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { mapConcurrent } from '../util/mapConcurrent';
import { CANCELLED_BY_SYSTEM, outcomeFromStatus, type InvoiceOutcome } from './invoiceOutcome';
import { OnlineSession, UncertainSendError, type SentInvoice } from './onlineSession';
import { joinWarnings, resolveOwnDuplicates } from './ownDuplicates';
import { pendingProblem } from './sessionLifecycle';
import { downloadInvoiceUpo } from './upo';
import { waitForInvoices, type InvoicePollPolicy } from './waitForInvoices';

export interface InvoiceToSend {
	xml: Buffer;
	offlineMode?: boolean;
	hashOfCorrectedInvoice?: string;
}

export interface SendInvoicesOptions {
	formCode?: FormCode;
	concurrency?: number;
	/** Wait until each invoice has its final status (and KSeF number), up to `maxWaitMs`. */
	waitForProcessing?: boolean;
	maxWaitMs?: number;
	/** Download each accepted invoice's UPO (needs waitForProcessing). */
	fetchUpo?: boolean;
	poll?: Partial<Omit<InvoicePollPolicy, 'maxWaitMs'>>;
	sleep?: Sleep;
	/** Called once the session is open, so callers can log or persist the reference before anything is sent. */
	onSessionOpened?: (sessionReferenceNumber: string) => void;
}

/**
 * Sends many invoices through ONE online session (KSeF limits how often sessions may be opened), a few at a
 * time, and always closes the session. Every input gets exactly one outcome, in input order, and tells the truth
 * about what KSeF holds: an invoice that may have reached KSeF is never `failed` (it is `pending` with its
 * references when its state cannot be read in time). Invoices that KSeF cancels on its side (550) are sent again,
 * which is what 550 asks for; nothing else is ever resent blindly.
 */
export async function sendInvoices(
	api: AuthorizedApi,
	invoices: readonly InvoiceToSend[],
	options: SendInvoicesOptions = {},
): Promise<InvoiceOutcome[]> {
	const sleep = options.sleep ?? defaultSleep;
	const session = await OnlineSession.open(api, options.formCode ?? FA3_FORM_CODE, sleep);
	options.onSessionOpened?.(session.referenceNumber);
	const sessionReferenceNumber = session.referenceNumber;
	const signal = api.http.signal;
	const deadline = Date.now() + (options.maxWaitMs ?? 120_000);
	const outcomes: InvoiceOutcome[] = [];
	try {
		let toSend = invoices.map((invoice, index) => ({ invoice, index }));
		for (let round = 0; toSend.length > 0 && round <= DEFAULTS.cancelledOperationRedos; round++) {
			const sent = await mapConcurrent(toSend, options.concurrency ?? DEFAULTS.sendConcurrency, async ({ invoice, index }): Promise<SendAttempt> => {
				for (;;) {
					if (signal?.aborted) return { index, error: cancelledBeforeSending() };
					try {
						return { index, sent: await session.send(invoice.xml, invoice) };
					} catch (error) {
						// A 429 asking for longer than the HTTP client waits by itself is waited out while Max Wait allows.
						const retryAfter = error instanceof KsefApiError && error.httpStatus === 429 ? error.retryAfterMs : undefined;
						if (retryAfter === undefined || Date.now() + retryAfter > deadline) return { index, error: error as Error, invoiceHash: sha256Base64(invoice.xml) };
						await sleep(retryAfter, signal).catch(() => undefined);
					}
				}
			});
			const roundOutcomes = await settle(api, sessionReferenceNumber, sent, options, deadline, sleep);
			const cancelled = roundOutcomes.filter((outcome) => outcome.status?.code === CANCELLED_BY_SYSTEM);
			const isLastRound = round === DEFAULTS.cancelledOperationRedos || signal?.aborted === true;
			outcomes.push(...roundOutcomes.filter((outcome) => isLastRound || outcome.status?.code !== CANCELLED_BY_SYSTEM));
			toSend = isLastRound ? [] : cancelled.map((outcome) => ({ invoice: invoices[outcome.index], index: outcome.index }));
		}
	} catch (error) {
		// Not expected (sending and waiting report per invoice); whatever is unsettled may have reached KSeF.
		const settled = new Set(outcomes.map((outcome) => outcome.index));
		invoices.forEach((invoice, index) => {
			if (!settled.has(index)) {
				outcomes.push({ index, outcome: 'pending', sessionReferenceNumber, invoiceHash: sha256Base64(invoice.xml), problem: pendingProblem(error) });
			}
		});
	} finally {
		const closeWarning = await session.close().then(
			() => undefined,
			(error: unknown) => `The session ${sessionReferenceNumber} could not be closed (${(error as Error).message}); KSeF closes it when it expires, and the invoices are not affected.`,
		);
		const orphanWarning = session.orphans.length
			? `KSeF may have opened session(s) ${session.orphans.join(', ')} for a request whose answer was lost; no invoice of this execution went there. Left alone (another workflow may have opened one at the same moment): an empty session holds nothing and expires on its own.`
			: undefined;
		for (const outcome of outcomes) outcome.warning = joinWarnings(outcome.warning, closeWarning, orphanWarning);
	}
	await resolveOwnDuplicates(api, outcomes, new Set([sessionReferenceNumber])).catch(() => undefined);
	if (options.fetchUpo) await attachUpos(api, outcomes, options.concurrency ?? DEFAULTS.sendConcurrency, sleep);
	return outcomes.sort((a, b) => a.index - b.index);
}

type SendAttempt = { index: number; sent: SentInvoice; error?: undefined } | { index: number; error: Error; sent?: undefined; invoiceHash?: string };

function cancelledBeforeSending(): KsefError {
	return new KsefError('The execution was cancelled before this invoice was sent; KSeF holds nothing of it.');
}

async function settle(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	attempts: SendAttempt[],
	options: SendInvoicesOptions,
	deadline: number,
	sleep: Sleep,
): Promise<InvoiceOutcome[]> {
	const sent = attempts.filter((attempt): attempt is Extract<SendAttempt, { sent: SentInvoice }> => !!attempt.sent);
	const wait = options.waitForProcessing ?? true;
	const { statuses, problem } = wait
		? await waitForInvoices(
				api,
				sessionReferenceNumber,
				sent.map((attempt) => attempt.sent.invoiceReferenceNumber),
				{ ...DEFAULTS.invoicePoll, ...options.poll, maxWaitMs: Math.max(0, deadline - Date.now()) },
				sleep,
			)
		: { statuses: new Map(), problem: undefined };
	return attempts.map((attempt): InvoiceOutcome => {
		if (!attempt.sent) {
			if (attempt.error instanceof UncertainSendError) {
				return { index: attempt.index, outcome: 'pending', sessionReferenceNumber, invoiceHash: attempt.error.invoiceHash, problem: pendingProblem(attempt.error.cause) };
			}
			return { index: attempt.index, outcome: 'failed', sessionReferenceNumber, invoiceHash: attempt.invoiceHash, error: attempt.error };
		}
		const status = statuses.get(attempt.sent.invoiceReferenceNumber);
		if (status) {
			const outcome = outcomeFromStatus(attempt.index, sessionReferenceNumber, status);
			return outcome.outcome === 'pending' && problem ? { ...outcome, problem } : outcome;
		}
		return {
			index: attempt.index,
			outcome: 'pending',
			sessionReferenceNumber,
			invoiceReferenceNumber: attempt.sent.invoiceReferenceNumber,
			invoiceHash: attempt.sent.invoiceHash,
			problem,
		};
	});
}

/** KSeF may need a moment after the session closes before an invoice's UPO exists (21178 until then). */
const UPO_NOT_FOUND = 21178;

async function attachUpos(api: AuthorizedApi, outcomes: InvoiceOutcome[], concurrency: number, sleep: Sleep): Promise<void> {
	await mapConcurrent(outcomes, concurrency, async (outcome) => {
		const { sessionReferenceNumber, invoiceReferenceNumber } = outcome;
		if (outcome.outcome !== 'accepted' || !sessionReferenceNumber || !invoiceReferenceNumber) return;
		for (let attempt = 1; attempt <= 5; attempt++) {
			try {
				outcome.upo = await downloadInvoiceUpo(api, sessionReferenceNumber, { invoiceReferenceNumber });
				return;
			} catch (error) {
				// A missing UPO must not turn an accepted invoice into a failure; the output simply has none.
				if (!(error instanceof KsefApiError) || error.exceptionCode !== UPO_NOT_FOUND) return;
				await sleep(1_000 * attempt, api.http.signal).catch(() => undefined);
			}
		}
	});
}
