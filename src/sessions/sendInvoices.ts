import type { FormCode } from '../api/schemas';
import { DEFAULTS, FA3_FORM_CODE } from '../config/defaults';
import { KsefApiError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { mapConcurrent } from '../util/mapConcurrent';
import { CANCELLED_BY_SYSTEM, outcomeFromStatus, type InvoiceOutcome } from './invoiceOutcome';
import { OnlineSession, type SentInvoice } from './onlineSession';
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
 * time, and always closes the session. Every input gets exactly one outcome, in input order. Invoices that KSeF
 * cancels on its side (550) are sent again, which is what 550 asks for; nothing else is ever resent blindly.
 */
export async function sendInvoices(
	api: AuthorizedApi,
	invoices: readonly InvoiceToSend[],
	options: SendInvoicesOptions = {},
): Promise<InvoiceOutcome[]> {
	const sleep = options.sleep ?? defaultSleep;
	const session = await OnlineSession.open(api, options.formCode ?? FA3_FORM_CODE);
	options.onSessionOpened?.(session.referenceNumber);
	const sessionReferenceNumber = session.referenceNumber;
	const outcomes: InvoiceOutcome[] = [];
	try {
		let toSend = invoices.map((invoice, index) => ({ invoice, index }));
		for (let round = 0; toSend.length > 0 && round <= DEFAULTS.cancelledOperationRedos; round++) {
			const sent = await mapConcurrent(toSend, options.concurrency ?? DEFAULTS.sendConcurrency, async ({ invoice, index }) => {
				try {
					return { index, sent: await session.send(invoice.xml, invoice) };
				} catch (error) {
					return { index, error: error as Error };
				}
			});
			const roundOutcomes = await settle(api, sessionReferenceNumber, sent, options, sleep);
			const cancelled = roundOutcomes.filter((outcome) => outcome.status?.code === CANCELLED_BY_SYSTEM);
			const isLastRound = round === DEFAULTS.cancelledOperationRedos;
			outcomes.push(...roundOutcomes.filter((outcome) => isLastRound || outcome.status?.code !== CANCELLED_BY_SYSTEM));
			toSend = isLastRound ? [] : cancelled.map((outcome) => ({ invoice: invoices[outcome.index], index: outcome.index }));
		}
	} catch (error) {
		// Whatever was already settled stays settled; the rest carries the error, so no input is left without a result.
		const settled = new Set(outcomes.map((outcome) => outcome.index));
		invoices.forEach((_, index) => {
			if (!settled.has(index)) outcomes.push({ index, outcome: 'failed', sessionReferenceNumber, error: error as Error });
		});
	} finally {
		await session.close().catch(() => undefined);
	}
	if (options.fetchUpo) await attachUpos(api, outcomes, options.concurrency ?? DEFAULTS.sendConcurrency, sleep);
	return outcomes.sort((a, b) => a.index - b.index);
}

type SendAttempt = { index: number; sent: SentInvoice; error?: undefined } | { index: number; error: Error; sent?: undefined };

async function settle(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	attempts: SendAttempt[],
	options: SendInvoicesOptions,
	sleep: Sleep,
): Promise<InvoiceOutcome[]> {
	const sent = attempts.filter((attempt): attempt is Extract<SendAttempt, { sent: SentInvoice }> => !!attempt.sent);
	const wait = options.waitForProcessing ?? true;
	const statuses = wait
		? await waitForInvoices(
				api,
				sessionReferenceNumber,
				sent.map((attempt) => attempt.sent.invoiceReferenceNumber),
				{ ...DEFAULTS.invoicePoll, ...options.poll, maxWaitMs: options.maxWaitMs ?? 120_000 },
				sleep,
			)
		: new Map();
	return attempts.map((attempt): InvoiceOutcome => {
		if (!attempt.sent) {
			return { index: attempt.index, outcome: 'failed', sessionReferenceNumber, error: attempt.error };
		}
		const status = statuses.get(attempt.sent.invoiceReferenceNumber);
		if (status) return outcomeFromStatus(attempt.index, sessionReferenceNumber, status);
		return {
			index: attempt.index,
			outcome: 'pending',
			sessionReferenceNumber,
			invoiceReferenceNumber: attempt.sent.invoiceReferenceNumber,
			invoiceHash: attempt.sent.invoiceHash,
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
				await sleep(1_000 * attempt);
			}
		}
	});
}
