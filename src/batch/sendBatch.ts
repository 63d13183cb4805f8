import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type {
	CheckAttachmentPermissionStatusResponse,
	FormCode,
	SessionInvoiceStatusResponse,
	SessionStatusResponse,
} from '../api/schemas';
import { DEFAULTS, FA3_FORM_CODE } from '../config/defaults';
import { sha256Base64 } from '../crypto/hash';
import { KsefApiError, KsefError } from '../errors/KsefError';
import { KsefInputError } from '../errors/KsefInputError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { CANCELLED_BY_SYSTEM, type InvoiceOutcome } from '../sessions/invoiceOutcome';
import { createSessionEncryption } from '../sessions/sessionEncryption';
import { getSessionStatus, listSessionInvoices } from '../sessions/sessionQueries';
import { downloadSessionUpoPage } from '../sessions/upo';
import { DEFAULT_MAX_INVOICES_PER_SESSION, MAX_BATCH_FILE_BYTES, sessionMaxInvoices } from '../limits/sessionLimits';
import { openBatchSession } from './batchSession';
import { closeSession, isCancellation, isUncertain, openSessionWithRecovery, pendingProblem } from '../sessions/sessionLifecycle';
import { planBatches, type BatchInvoice, type BatchLimits } from './batchPlan';
import { BatchResultMapper } from './batchResults';
import { spoolEncryptedParts } from './partSpooler';
import { uploadParts } from './uploadParts';
import { zipStream, type ZipEntry } from './zipStream';

export const BATCH_LIMITS: BatchLimits = {
	maxInvoicesPerSession: DEFAULT_MAX_INVOICES_PER_SESSION,
	maxZipBytes: MAX_BATCH_FILE_BYTES,
	maxParts: 50,
	// "At most 100 MB before encryption" (openapi.json); decimal megabytes are within either reading of "MB".
	partSizeBytes: 100_000_000,
};

export interface SendBatchOptions {
	formCode?: FormCode;
	offlineMode?: boolean;
	/** Plain bytes per part before encryption; KSeF allows up to 100 MB. */
	partSizeBytes?: number;
	limits?: Partial<BatchLimits>;
	uploadConcurrency?: number;
	/** When any invoice carries Zalacznik: the NIP's attachment permission is checked before anything is sent. */
	hasAttachments?: boolean;
	waitForProcessing?: boolean;
	maxWaitMs?: number;
	fetchUpo?: boolean;
	tempDir?: string;
	sleep?: Sleep;
	/** Milestones of each session, for progress reporting and benchmarks. */
	onPhase?: (phase: BatchPhase) => void;
}

export type BatchPhase =
	| { phase: 'spooled'; zipSize: number; parts: number; invoices: number }
	| { phase: 'uploaded'; referenceNumber: string }
	| { phase: 'closed'; referenceNumber: string }
	| { phase: 'processed'; referenceNumber: string; statusCode: number };

export interface BatchSessionResult {
	referenceNumber: string;
	invoiceCount: number;
	partCount: number;
	zipSize: number;
	status?: SessionStatusResponse;
	upo: Array<{ referenceNumber: string; xml: Buffer }>;
	error?: Error;
	/** The close was sent (KSeF may be processing the package) even if `error` says something went wrong after. */
	mayHoldInvoices: boolean;
	/** Sessions KSeF opened for an open request whose answer was lost (no parts; KSeF cancels them unclosed). */
	orphans: string[];
}

export interface BatchResult {
	sessions: BatchSessionResult[];
	/** One per input invoice, in input order. */
	outcomes: InvoiceOutcome[];
}

/**
 * The batch story: plan sessions within KSeF's limits, then per session stream the ZIP through part-wise
 * encryption into temporary files, open the session with the parts' sizes and hashes, upload, close; then
 * wait for processing and map every result back to its input. Temporary files go in every outcome.
 */
export async function sendBatch(api: AuthorizedApi, invoices: BatchInvoice[], options: SendBatchOptions = {}): Promise<BatchResult> {
	const sleep = options.sleep ?? defaultSleep;
	if (options.hasAttachments) await requireAttachmentPermission(api);
	// A missing or zero limit would otherwise stop sessions from being split at all.
	const contextLimits: Partial<BatchLimits> = { maxInvoicesPerSession: await sessionMaxInvoices(api, 'batchSession') };
	const limits: BatchLimits = { ...BATCH_LIMITS, ...contextLimits, ...options.limits, partSizeBytes: options.partSizeBytes ?? BATCH_LIMITS.partSizeBytes };
	// Max Wait is for KSeF's processing: it starts once the first round's packages are uploaded and closed (a large
	// batch could otherwise spend it uploading), and then covers the 550 redo rounds too.
	const deadline: WaitDeadline = { maxWaitMs: options.waitForProcessing === false ? 0 : (options.maxWaitMs ?? 600_000) };
	const sessions: BatchSessionResult[] = [];
	const settled = new Map<number, InvoiceOutcome>();
	// Invoices KSeF cancels on its side (550) go again in a new session, as 550 asks; nothing else is resent.
	let toSend = invoices;
	for (let round = 0; toSend.length > 0; round++) {
		const roundOutcomes = await sendAndSettle(api, planBatches(toSend, limits), limits, options, deadline, sleep, sessions);
		const isLastRound = round === DEFAULTS.cancelledOperationRedos || api.http.signal?.aborted === true;
		const redo = new Set(isLastRound ? [] : roundOutcomes.filter((outcome) => outcome.status?.code === CANCELLED_BY_SYSTEM).map((outcome) => outcome.index));
		for (const outcome of roundOutcomes) if (!redo.has(outcome.index)) settled.set(outcome.index, outcome);
		toSend = invoices.filter((invoice) => redo.has(invoice.index));
	}
	return { sessions, outcomes: [...settled.values()].sort((a, b) => a.index - b.index) };
}

interface WaitDeadline {
	maxWaitMs: number;
	/** Set when the first round's sessions are closed. */
	at?: number;
}

async function sendAndSettle(
	api: AuthorizedApi,
	groups: BatchInvoice[][],
	limits: BatchLimits,
	options: SendBatchOptions,
	deadline: WaitDeadline,
	sleep: Sleep,
	sessions: BatchSessionResult[],
): Promise<InvoiceOutcome[]> {
	const sent: Array<{ group: BatchInvoice[]; session: BatchSessionResult }> = [];
	for (const group of groups) {
		const session = await sendOneSession(api, group, limits, options);
		sessions.push(session);
		sent.push({ group, session });
	}
	deadline.at ??= Date.now() + deadline.maxWaitMs;

	const outcomes: InvoiceOutcome[] = [];
	for (const { group, session } of sent) {
		if (session.error && !session.mayHoldInvoices) {
			// KSeF processes a batch only once it is closed; this one never was, so KSeF holds none of its invoices.
			const error = session.referenceNumber ? new KsefError(`${session.error.message} Session ${session.referenceNumber} was not closed; KSeF cancels it (440) without processing anything.`, { cause: session.error }) : session.error;
			outcomes.push(...group.map((invoice): InvoiceOutcome => ({ index: invoice.index, outcome: 'failed', sessionReferenceNumber: session.referenceNumber || undefined, invoiceHash: invoice.invoiceHash, error })));
			continue;
		}
		const mapper = new BatchResultMapper(session.referenceNumber, group);
		let problem: string | undefined;
		try {
			session.status = await waitForSession(api, session.referenceNumber, deadline.at, sleep);
			options.onPhase?.({ phase: 'processed', referenceNumber: session.referenceNumber, statusCode: session.status.status.code });
			for (const failedOnly of [false, true]) {
				for await (const result of listSessionInvoices(api, session.referenceNumber, { failedOnly })) mapper.add(result);
			}
		} catch (error) {
			// The close may have gone through (its answer lost) or the reads failed: KSeF may hold these invoices.
			problem = pendingProblem(session.error ?? error);
		}
		const warning = session.orphans.length
			? `KSeF opened batch session(s) ${session.orphans.join(', ')} for a request whose answer was lost; they hold no invoices and KSeF cancels them unclosed.`
			: undefined;
		for (const outcome of mapper.finish(session.status, problem)) outcomes.push(warning ? { ...outcome, warning } : outcome);
		if (options.fetchUpo && !problem) session.upo = await fetchSessionUpo(api, session).catch(() => []);
	}
	return outcomes;
}

async function sendOneSession(api: AuthorizedApi, group: BatchInvoice[], limits: BatchLimits, options: SendBatchOptions): Promise<BatchSessionResult> {
	return sendZipSession(api, () => zipStream(readEntries(group)), group.length, limits, options);
}

/** One batch session from a plain ZIP stream (built here, or a ZIP the user already has). */
export async function sendZipSession(
	api: AuthorizedApi,
	zip: () => Readable,
	invoiceCount: number,
	limits: BatchLimits,
	options: SendBatchOptions,
): Promise<BatchSessionResult> {
	const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ksef-batch-'));
	const result: BatchSessionResult = { referenceNumber: '', invoiceCount, partCount: 0, zipSize: 0, upo: [], mayHoldInvoices: false, orphans: [] };
	const signal = api.http.signal;
	try {
		let encryption = await createSessionEncryption(api.http);
		const spooled = await spoolEncryptedParts(zip(), encryption.material, limits.partSizeBytes, dir);
		if (spooled.parts.length > limits.maxParts) {
			throw new KsefError(`The batch ZIP needs ${spooled.parts.length} parts, over KSeF's limit of ${limits.maxParts}. Use a larger part size.`);
		}
		result.partCount = spooled.parts.length;
		result.zipSize = spooled.fileSize;
		options.onPhase?.({ phase: 'spooled', zipSize: spooled.fileSize, parts: spooled.parts.length, invoices: invoiceCount });
		signal?.throwIfAborted();
		const opened = await openSessionWithRecovery(api, 'Batch', async (refreshKeys) => {
			// After a key rotation the parts stay as they are: the same AES key is wrapped with the new public key.
			if (refreshKeys) encryption = await createSessionEncryption(api.http, encryption.material);
			return openBatchSession(api, options.formCode ?? FA3_FORM_CODE, spooled, encryption, options.offlineMode ?? false);
		});
		result.referenceNumber = opened.response.referenceNumber;
		result.orphans = opened.orphans;
		await uploadParts(api.http, spooled.parts, opened.response.partUploadRequests, {
			concurrency: options.uploadConcurrency ?? 4,
			retry: DEFAULTS.retry,
			sleep: options.sleep ?? defaultSleep,
		});
		options.onPhase?.({ phase: 'uploaded', referenceNumber: opened.response.referenceNumber });
		signal?.throwIfAborted();
		// From here on KSeF may process the package, whatever answer the close gets.
		result.mayHoldInvoices = true;
		await closeSession(api, 'Batch', opened.response.referenceNumber);
		options.onPhase?.({ phase: 'closed', referenceNumber: opened.response.referenceNumber });
	} catch (error) {
		result.error = error as Error;
		// KSeF may be processing the package only if the close may have reached it: no answer, a 5xx, a close
		// whose effect could not be settled, or a cancellation mid-request. A refusal (4xx) or a failed
		// re-authentication before the close was sent means it did not.
		if (result.mayHoldInvoices && !isUncertain(error) && !isCancellation(error)) result.mayHoldInvoices = false;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	return result;
}

/**
 * An existing ZIP of invoices as one batch session. KSeF's results are returned as they come, one per invoice
 * it found in the ZIP, since the inputs are not known one by one. Once the package was handed over nothing is
 * thrown: KSeF may hold its invoices, so what could not be read is `problem` (with the session to check), and a
 * UPO that could not be fetched is `warning`.
 */
export async function sendExistingZip(
	api: AuthorizedApi,
	zipSource: Buffer | (() => Readable),
	options: SendBatchOptions = {},
): Promise<{ session: BatchSessionResult; results: SessionInvoiceStatusResponse[]; problem?: string; warning?: string }> {
	if (options.hasAttachments) await requireAttachmentPermission(api);
	const limits: BatchLimits = { ...BATCH_LIMITS, ...options.limits, partSizeBytes: options.partSizeBytes ?? BATCH_LIMITS.partSizeBytes };
	const zip = Buffer.isBuffer(zipSource) ? () => Readable.from([zipSource]) : zipSource;
	const session = await sendZipSession(api, zip, 0, limits, options);
	if (session.error && !session.mayHoldInvoices) throw session.error;
	const deadline = Date.now() + (options.waitForProcessing === false ? 0 : (options.maxWaitMs ?? 600_000));
	let results: SessionInvoiceStatusResponse[];
	try {
		session.status = await waitForSession(api, session.referenceNumber, deadline, options.sleep ?? defaultSleep);
		results = await collectResults(api, session.referenceNumber);
	} catch (error) {
		return { session, results: [], problem: pendingProblem(session.error ?? error) };
	}
	let warning: string | undefined;
	if (options.fetchUpo) {
		session.upo = await fetchSessionUpo(api, session).catch((error: unknown) => {
			warning = `The session UPO could not be downloaded (${(error as Error).message}); get it with KSeF Check Status → Download UPO.`;
			return [];
		});
	}
	return { session, results, warning };
}

async function fetchSessionUpo(api: AuthorizedApi, session: BatchSessionResult): Promise<BatchSessionResult['upo']> {
	if (session.status?.status.code !== 200) return [];
	const pages = [];
	for (const page of session.status.upo?.pages ?? []) {
		pages.push({ referenceNumber: page.referenceNumber, xml: await downloadSessionUpoPage(api, session.referenceNumber, page.referenceNumber) });
	}
	return pages;
}

/**
 * The context's own session limits (GET /limits/context), which may be lower than KSeF's general ones; when the
 * endpoint is unavailable the general limits apply.
 */
async function* readEntries(group: BatchInvoice[]): AsyncGenerator<ZipEntry> {
	for (const invoice of group) {
		const data = await invoice.read();
		// Results are matched by name and hash; an input that changed since planning would break that silently.
		if (sha256Base64(data) !== invoice.invoiceHash) {
			throw new KsefError(`Invoice ${invoice.fileName} changed while the batch was being built; run the batch again.`);
		}
		yield { name: invoice.fileName, data };
	}
}

async function requireAttachmentPermission(api: AuthorizedApi): Promise<void> {
	const { body } = await api.json<CheckAttachmentPermissionStatusResponse>({ method: 'GET', path: '/permissions/attachments/status' });
	const revoked = body.revokedDate ? Date.parse(body.revokedDate) <= Date.now() : false;
	if (!body.isAttachmentAllowed || revoked) {
		throw new KsefInputError(
			'Invoice XML',
			'contains attachments (Zalacznik), but this NIP may not send invoices with attachments (KSeF would reject them with 410)',
			'Declare attachment use in e-Urząd Skarbowy (on TEST: POST /testdata/attachment), or send the invoices without Zalacznik.',
		);
	}
}

/**
 * Batch sessions go 100 → 150 → 200 (or an error code); 200 means processed with UPO. Reads that fail are tried
 * again until the deadline (waiting what KSeF's Retry-After asks when it fits); then the last error is thrown.
 */
async function waitForSession(api: AuthorizedApi, referenceNumber: string, deadline: number, sleep: Sleep): Promise<SessionStatusResponse> {
	let delay: number = DEFAULTS.invoicePoll.initialDelayMs;
	for (;;) {
		let pause = delay;
		try {
			const status = await getSessionStatus(api, referenceNumber);
			const code = status.status.code;
			if (code === 200 || code >= 300 || Date.now() + delay > deadline) return status;
		} catch (error) {
			if (isCancellation(error)) throw error;
			const retryAfter = error instanceof KsefApiError ? error.retryAfterMs : undefined;
			pause = retryAfter ?? delay;
			if (Date.now() + pause > deadline) throw error;
		}
		await sleep(pause, api.http.signal);
		delay = Math.min(DEFAULTS.invoicePoll.maxDelayMs, Math.round(delay * 1.5));
	}
}

async function collectResults(api: AuthorizedApi, referenceNumber: string): Promise<SessionInvoiceStatusResponse[]> {
	const byReference = new Map<string, SessionInvoiceStatusResponse>();
	for (const failedOnly of [false, true]) {
		for await (const invoice of listSessionInvoices(api, referenceNumber, { failedOnly })) byReference.set(invoice.referenceNumber, invoice);
	}
	return [...byReference.values()];
}
