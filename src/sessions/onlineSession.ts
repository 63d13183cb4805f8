import type { FormCode, OpenOnlineSessionResponse, SendInvoiceRequest, SendInvoiceResponse } from '../api/schemas';
import { FA3_FORM_CODE } from '../config/defaults';
import { encryptAes256Cbc } from '../crypto/aes';
import { sha256Base64 } from '../crypto/hash';
import { KsefApiError, KsefNetworkError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { createSessionEncryption, type SessionEncryption } from './sessionEncryption';
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

const ref = encodeURIComponent;

/** An interactive session: invoices go one request each, encrypted with the session's AES key. */
export class OnlineSession {
	private closed = false;

	private constructor(
		private readonly api: AuthorizedApi,
		readonly referenceNumber: string,
		readonly validUntil: string,
		private readonly encryption: SessionEncryption,
	) {}

	static async open(api: AuthorizedApi, formCode: FormCode = FA3_FORM_CODE): Promise<OnlineSession> {
		const encryption = await createSessionEncryption(api.http);
		const { body } = await api.json<OpenOnlineSessionResponse>({
			method: 'POST',
			path: '/sessions/online',
			json: { formCode, encryption: encryption.info },
		});
		return new OnlineSession(api, body.referenceNumber, body.validUntil, encryption);
	}

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
		const post = () =>
			this.api.json<SendInvoiceResponse>({
				method: 'POST',
				path: `/sessions/online/${ref(this.referenceNumber)}/invoices`,
				json: request,
			});
		try {
			return { invoiceReferenceNumber: (await post()).body.referenceNumber, invoiceHash };
		} catch (error) {
			if (!isUncertain(error)) throw error;
			// The request may have reached KSeF before the connection broke. Sending again could register the
			// invoice twice in this session, so look for it first and send again only if KSeF has no trace of it.
			const registered = await this.findByHash(invoiceHash);
			if (registered) return { invoiceReferenceNumber: registered, invoiceHash };
			return { invoiceReferenceNumber: (await post()).body.referenceNumber, invoiceHash };
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.api.json<void>({ method: 'POST', path: `/sessions/online/${ref(this.referenceNumber)}/close` });
	}

	private async findByHash(invoiceHash: string): Promise<string | undefined> {
		for await (const invoice of listSessionInvoices(this.api, this.referenceNumber)) {
			if (invoice.invoiceHash === invoiceHash) return invoice.referenceNumber;
		}
		return undefined;
	}
}

/** No answer, or a gateway error: KSeF may or may not have registered the request. */
function isUncertain(error: unknown): boolean {
	return error instanceof KsefNetworkError || (error instanceof KsefApiError && error.httpStatus >= 500);
}
