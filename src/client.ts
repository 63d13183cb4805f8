import type {
	AuthenticationListResponse,
	SessionInvoiceStatusResponse,
	SessionStatusResponse,
} from './api/schemas';
import type { Authenticator, IssuedTokens } from './auth/authentication';
import { CertificateAuthenticator } from './auth/certificateAuthenticator';
import type { SubjectIdentifierType } from './auth/signing/authTokenRequest';
import { loadSigningIdentity, type CertificateMaterial } from './auth/signing/signingIdentity';
import { TokenAuthenticator } from './auth/tokenAuthenticator';
import { listAuthenticationSessions } from './account/authenticationSessions';
import { AccessTokenProvider } from './auth/tokenCache';
import { DEFAULTS } from './config/defaults';
import { AuthorizedApi } from './http/authorizedApi';
import type { EgressPolicy } from './http/egress';
import { HttpClient, type RequestEvent } from './http/httpClient';
import type { RetryPolicy, Sleep } from './http/retry';
import type { SystemWarning } from './http/systemWarning';
import type { InvoiceOutcome } from './sessions/invoiceOutcome';
import type { BatchInvoice } from './batch/batchPlan';
import { sendBatch, sendExistingZip, type BatchResult, type SendBatchOptions } from './batch/sendBatch';
import type { Readable } from 'node:stream';
import { sendInConsecutiveSessions } from './limits/consecutiveSessions';
import { sendInvoices, type InvoiceToSend, type SendInvoicesOptions } from './sessions/sendInvoices';
import { getInvoiceStatus, getSessionStatus, listSessionInvoices } from './sessions/sessionQueries';
import { downloadInvoiceUpo, downloadSessionUpoPage } from './sessions/upo';
import { downloadInvoice, type DownloadedInvoice } from './invoices/download';
import { exportInvoices, type ExportedInvoice, type ExportOptions } from './invoices/exportInvoices';
import { pollNewInvoices, type SyncOptions, type SyncPoll } from './invoices/incrementalSync';
import type { SyncCursor } from './invoices/syncCursor';
import { queryInvoiceMetadata, type InvoiceMetadata, type InvoiceQueryFilters, type QueryOptions } from './invoices/queryMetadata';

export interface KsefClientOptions {
	/** API root including /v2, see config/environments. */
	baseUrl: string;
	nip: string;
	/** Sign in with a KSeF token (withdrawn at the end of 2026) … */
	token?: string;
	/** … or with a certificate and a XAdES signature. Exactly one of the two. */
	certificate?: CertificateSignIn;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	authPollMaxWaitMs?: number;
	onRequest?: (event: RequestEvent) => void;
	/** Technical warnings KSeF sends in `X-System-Warning` (KSeF 2.6); the request still succeeded or failed on its own. */
	onSystemWarning?: (warning: SystemWarning) => void;
	/** User-Agent of every request; the n8n layer passes n8n's value plus this package's name and version. */
	userAgent?: string;
	/** The host's outbound policy (n8n's SSRF protection, from the nodes); without it every address is allowed. */
	egress?: EgressPolicy;
	/** Replaces real waiting in tests of retry and polling timing. */
	sleep?: Sleep;
	/** Replaces the clock that decides when the access token needs renewing (tests). */
	now?: () => number;
	/**
	 * The execution's cancel signal (n8n: getExecutionCancelSignal()). When it fires, uploads and polling stop,
	 * invoices not yet sent are not sent, sessions already opened are still closed, and temporary files go.
	 */
	signal?: AbortSignal;
}

export interface CertificateSignIn {
	material: CertificateMaterial;
	/** Default `certificateSubject`: KSeF reads the PESEL/NIP from the certificate. */
	subjectIdentifierType?: SubjectIdentifierType;
	verifyCertificateChain?: boolean;
}

/** The authenticator for the credential's way in; certificate problems are found here, before any network call. */
function authenticatorFor(options: KsefClientOptions): Authenticator {
	if (options.certificate) {
		const { material, subjectIdentifierType = 'certificateSubject', verifyCertificateChain } = options.certificate;
		return new CertificateAuthenticator({ identity: loadSigningIdentity(material), nip: options.nip, subjectIdentifierType, verifyCertificateChain });
	}
	if (!options.token) throw new Error('KsefClient needs a token or a certificate');
	return new TokenAuthenticator({ token: options.token, nip: options.nip });
}

/** One KSeF context (base URL + NIP + token or certificate). Composes the modules; the logic lives in them. */
export class KsefClient {
	readonly api: AuthorizedApi;
	private readonly sleep?: Sleep;

	constructor(options: KsefClientOptions) {
		const http = new HttpClient(options.baseUrl, {
			timeoutMs: options.timeoutMs ?? DEFAULTS.requestTimeoutMs,
			retry: { ...DEFAULTS.retry, ...options.retry },
			sleep: options.sleep,
			onRequest: options.onRequest,
			onSystemWarning: options.onSystemWarning,
			userAgent: options.userAgent,
			egress: options.egress,
			signal: options.signal,
		});
		const tokens = new AccessTokenProvider(
			http,
			authenticatorFor(options),
			{
				poll: { ...DEFAULTS.authPoll, maxWaitMs: options.authPollMaxWaitMs ?? DEFAULTS.authPoll.maxWaitMs },
				renewMarginMs: DEFAULTS.accessTokenRenewMarginMs,
				sleep: options.sleep,
				now: options.now,
			},
		);
		this.api = new AuthorizedApi(http, tokens);
		this.sleep = options.sleep;
	}

	get baseUrl(): string {
		return this.api.http.baseUrl;
	}

	/** Who signs in, for messages: the certificate's subject and fingerprint, or "the KSeF token". */
	signerDescription(): string {
		return this.api.tokens.describeSigner();
	}

	/** A full authentication, bypassing the cache: proves the token or certificate, the NIP and the host all work. */
	authenticate(): Promise<IssuedTokens> {
		return this.api.tokens.authenticate();
	}

	/** Through one online session, or consecutive ones when there are more invoices than a session may take. */
	sendInvoices(invoices: readonly InvoiceToSend[], options: SendInvoicesOptions = {}): Promise<InvoiceOutcome[]> {
		return sendInConsecutiveSessions(this.api, invoices, { sleep: this.sleep, ...options }, sendInvoices);
	}

	/** Invoices through batch sessions (attachments allowed), split across sessions as KSeF's limits require. */
	sendBatch(invoices: BatchInvoice[], options: SendBatchOptions = {}): Promise<BatchResult> {
		return sendBatch(this.api, invoices, { sleep: this.sleep, ...options });
	}

	sendExistingZip(zip: Buffer | (() => Readable), options: SendBatchOptions = {}): ReturnType<typeof sendExistingZip> {
		return sendExistingZip(this.api, zip, { sleep: this.sleep, ...options });
	}

	getSessionStatus(sessionReferenceNumber: string): Promise<SessionStatusResponse> {
		return getSessionStatus(this.api, sessionReferenceNumber);
	}

	getInvoiceStatus(sessionReferenceNumber: string, invoiceReferenceNumber: string): Promise<SessionInvoiceStatusResponse> {
		return getInvoiceStatus(this.api, sessionReferenceNumber, invoiceReferenceNumber);
	}

	listSessionInvoices(
		sessionReferenceNumber: string,
		options: { failedOnly?: boolean; pageSize?: number } = {},
	): AsyncGenerator<SessionInvoiceStatusResponse> {
		return listSessionInvoices(this.api, sessionReferenceNumber, options);
	}

	downloadInvoiceUpo(
		sessionReferenceNumber: string,
		invoice: { invoiceReferenceNumber: string } | { ksefNumber: string },
	): Promise<Buffer> {
		return downloadInvoiceUpo(this.api, sessionReferenceNumber, invoice);
	}

	/** Every page of the session's collective UPO, once the session has reached 200. */
	async downloadSessionUpo(sessionReferenceNumber: string): Promise<Array<{ referenceNumber: string; xml: Buffer }>> {
		const status = await this.getSessionStatus(sessionReferenceNumber);
		const pages = status.upo?.pages ?? [];
		const result: Array<{ referenceNumber: string; xml: Buffer }> = [];
		for (const page of pages) {
			result.push({
				referenceNumber: page.referenceNumber,
				xml: await downloadSessionUpoPage(this.api, sessionReferenceNumber, page.referenceNumber),
			});
		}
		return result;
	}

	/** Invoice metadata matching the filters, each once, oldest first; date ranges and KSeF's caps handled. */
	queryInvoiceMetadata(filters: InvoiceQueryFilters, options: QueryOptions = {}): AsyncGenerator<InvoiceMetadata> {
		return queryInvoiceMetadata(this.api, filters, options);
	}

	/** The invoice file by KSeF number, byte for byte as sent, checked against KSeF's hash. */
	downloadInvoice(ksefNumber: string): Promise<DownloadedInvoice> {
		return downloadInvoice(this.api, ksefNumber, { sleep: this.sleep });
	}

	/** Large ranges through KSeF's asynchronous export, one invoice at a time; packages pass through a temp file. */
	exportInvoices(filters: InvoiceQueryFilters, options: ExportOptions = {}): AsyncGenerator<ExportedInvoice> {
		return exportInvoices(this.api, filters, { sleep: this.sleep, ...options });
	}

	/**
	 * One poll of the official incremental sync (HWM) for the cursor's subject type: the invoices stored since the
	 * cursor, each once, and the cursor to keep for the next poll. A rate limit ends the poll early, never fails it.
	 */
	pollNewInvoices(cursor: SyncCursor, options: SyncOptions = {}): Promise<SyncPoll> {
		return pollNewInvoices(this.api, cursor, { sleep: this.sleep, ...options });
	}

	/** All authentication sessions of this context, every page; the one this client uses is marked `isCurrent`. */
	listAuthenticationSessions(options: { pageSize?: number } = {}): Promise<AuthenticationListResponse> {
		return listAuthenticationSessions(this.api, options.pageSize);
	}
}
