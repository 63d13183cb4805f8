import type {
	AuthenticationListResponse,
	SessionInvoiceStatusResponse,
	SessionStatusResponse,
} from './api/schemas';
import { AccessTokenProvider } from './auth/tokenCache';
import type { IssuedTokens } from './auth/tokenAuthenticator';
import { DEFAULTS } from './config/defaults';
import { AuthorizedApi } from './http/authorizedApi';
import { HttpClient, type RequestEvent } from './http/httpClient';
import type { RetryPolicy, Sleep } from './http/retry';
import type { InvoiceOutcome } from './sessions/invoiceOutcome';
import type { BatchInvoice } from './batch/batchPlan';
import { sendBatch, sendExistingZip, type BatchResult, type SendBatchOptions } from './batch/sendBatch';
import type { Readable } from 'node:stream';
import { sendInvoices, type InvoiceToSend, type SendInvoicesOptions } from './sessions/sendInvoices';
import { getInvoiceStatus, getSessionStatus, listSessionInvoices } from './sessions/sessionQueries';
import { downloadInvoiceUpo, downloadSessionUpoPage } from './sessions/upo';
import { downloadInvoice, type DownloadedInvoice } from './invoices/download';
import { exportInvoices, type ExportedInvoice, type ExportOptions } from './invoices/exportInvoices';
import { queryInvoiceMetadata, type InvoiceMetadata, type InvoiceQueryFilters, type QueryOptions } from './invoices/queryMetadata';

export interface KsefClientOptions {
	/** API root including /v2, see config/environments. */
	baseUrl: string;
	token: string;
	nip: string;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	authPollMaxWaitMs?: number;
	onRequest?: (event: RequestEvent) => void;
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

/** One KSeF context (base URL + NIP + token). Composes the modules; the logic lives in them. */
export class KsefClient {
	readonly api: AuthorizedApi;
	private readonly sleep?: Sleep;

	constructor(options: KsefClientOptions) {
		const http = new HttpClient(options.baseUrl, {
			timeoutMs: options.timeoutMs ?? DEFAULTS.requestTimeoutMs,
			retry: { ...DEFAULTS.retry, ...options.retry },
			sleep: options.sleep,
			onRequest: options.onRequest,
			signal: options.signal,
		});
		const tokens = new AccessTokenProvider(
			http,
			{ token: options.token, nip: options.nip },
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

	/** A full token authentication, bypassing the cache: proves the token, the NIP and the host all work. */
	authenticate(): Promise<IssuedTokens> {
		return this.api.tokens.authenticate();
	}

	sendInvoices(invoices: readonly InvoiceToSend[], options: SendInvoicesOptions = {}): Promise<InvoiceOutcome[]> {
		return sendInvoices(this.api, invoices, { sleep: this.sleep, ...options });
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

	/** The authentication sessions of this context; the one this client uses is marked `isCurrent`. */
	async listAuthenticationSessions(): Promise<AuthenticationListResponse> {
		return (await this.api.json<AuthenticationListResponse>({ method: 'GET', path: '/auth/sessions', query: { pageSize: 100 } })).body;
	}
}
