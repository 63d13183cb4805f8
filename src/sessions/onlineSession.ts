import type { FormCode, OpenOnlineSessionResponse, SendInvoiceRequest, SendInvoiceResponse, SessionInvoiceStatusResponse } from '../api/schemas';
import { DEFAULTS, FA3_FORM_CODE } from '../config/defaults';
import { encryptAes256Cbc } from '../crypto/aes';
import { sha256Base64 } from '../crypto/hash';
import { KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { CANCELLED_BY_SYSTEM } from './invoiceOutcome';
import { createSessionEncryption, type SessionEncryption } from './sessionEncryption';
import { closeSession, isCancellation, isUncertain, openSessionWithRecovery } from './sessionLifecycle';
import { listSessionInvoices } from './sessionQueries';

export interface SentInvoice {
	invoiceReferenceNumber: string;
	/** SHA-256 (Base64) of the plain XML: how KSeF and the UPO identify the file. */
	invoiceHash: string;
}

export interface SendOptions {
	offlineMode?: boolean;
	/** For a correction sent in offline mode: the hash of the invoice it corrects. */
	hashOfCorrectedInvoice?: string;
}

/**
 * A send whose outcome is unknown: the request may have reached KSeF, and neither the lookup by hash nor a resend
 * settled it. The invoice must be reported `pending` with its hash, never `failed`.
 */
export class UncertainSendError extends KsefError {
	constructor(
		readonly invoiceHash: string,
		cause: unknown,
	) {
		super(cause instanceof Error ? cause.message : String(cause), { cause });
	}
}

const ref = encodeURIComponent;

/** An interactive session: invoices go one request each, encrypted with the session's AES key. */
export class OnlineSession {
	private closed = false;

	private constructor(
		private readonly api: AuthorizedApi,
		readonly referenceNumber: string,
		readonly validUntil: string,
		private readonly encryption: SessionEncryption,
		/** Sessions KSeF opened for a request whose answer was lost; closed here, named for the record. */
		readonly orphans: string[],
		private readonly sleep: Sleep,
	) {}

	static async open(api: AuthorizedApi, formCode: FormCode = FA3_FORM_CODE, sleep: Sleep = defaultSleep): Promise<OnlineSession> {
		let encryption = await createSessionEncryption(api.http);
		const { response, orphans } = await openSessionWithRecovery(api, 'Online', async (refreshKeys) => {
			if (refreshKeys) encryption = await createSessionEncryption(api.http);
			return (
				await api.json<OpenOnlineSessionResponse>({ method: 'POST', path: '/sessions/online', json: { formCode, encryption: encryption.info } })
			).body;
		});
		return new OnlineSession(api, response.referenceNumber, response.validUntil, encryption, orphans, sleep);
	}

	/**
	 * Sends one invoice. After a 5xx or a lost answer the invoice is looked up by its hash first (the list may lag
	 * behind, so a few times with backoff) and sent again only if KSeF shows no trace of it; if that is still
	 * uncertain, UncertainSendError. A definitive refusal (4xx) of the first attempt is thrown as it is: KSeF holds
	 * nothing then; of a resend, it is UncertainSendError, since the first attempt may have arrived.
	 */
	async send(xml: Buffer, options: SendOptions = {}): Promise<SentInvoice> {
		const encrypted = encryptAes256Cbc(xml, this.encryption.material);
		const invoiceHash = sha256Base64(xml);
		const request: SendInvoiceRequest = {
			invoiceHash,
			invoiceSize: xml.length,
			encryptedInvoiceHash: sha256Base64(encrypted),
			encryptedInvoiceSize: encrypted.length,
			encryptedInvoiceContent: encrypted.toString('base64'),
			offlineMode: options.offlineMode ?? false,
			hashOfCorrectedInvoice: options.hashOfCorrectedInvoice,
		};
		const post = async () =>
			(await this.api.json<SendInvoiceResponse>({ method: 'POST', path: `/sessions/online/${ref(this.referenceNumber)}/invoices`, json: request }))
				.body.referenceNumber;
		let lastError: unknown;
		for (let attempt = 1; attempt <= 2; attempt++) {
			try {
				return { invoiceReferenceNumber: await post(), invoiceHash };
			} catch (error) {
				// Cancelled mid-request: KSeF may have it, and there is no time left to look.
				if (isCancellation(error)) throw new UncertainSendError(invoiceHash, error);
				// A refusal of the resend says nothing of the first attempt, whose answer was lost: KSeF may hold it.
				if (!isUncertain(error)) throw lastError === undefined ? error : new UncertainSendError(invoiceHash, error);
				lastError = error;
			}
			try {
				const registered = await this.findByHash(invoiceHash);
				if (registered) return { invoiceReferenceNumber: registered, invoiceHash };
			} catch (error) {
				throw new UncertainSendError(invoiceHash, error);
			}
		}
		throw new UncertainSendError(invoiceHash, lastError);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await closeSession(this.api, 'Online', this.referenceNumber);
	}

	/**
	 * The record of this hash that KSeF took in last, looking again with backoff while the list lags. Records
	 * KSeF cancelled (550) are earlier attempts, never the answer to this one.
	 */
	private async findByHash(invoiceHash: string): Promise<string | undefined> {
		for (const delay of [0, ...DEFAULTS.lostAnswerLookupDelaysMs]) {
			if (delay) await this.sleep(delay, this.api.http.signal);
			let latest: SessionInvoiceStatusResponse | undefined;
			for await (const invoice of listSessionInvoices(this.api, this.referenceNumber)) {
				if (invoice.invoiceHash !== invoiceHash || invoice.status.code === CANCELLED_BY_SYSTEM) continue;
				if (!latest || invoice.ordinalNumber > latest.ordinalNumber) latest = invoice;
			}
			if (latest) return latest.referenceNumber;
		}
		return undefined;
	}
}
