import type { Readable } from 'node:stream';
import { request } from 'undici';
import { KsefApiError, KsefNetworkError } from '../errors/KsefError';
import { parseErrorBody, parseRetryAfterMs } from './errorBody';
import { EgressRefusedError, type EgressPolicy } from './egress';
import { describeNetworkFailure } from './networkFailure';
import { parseSystemWarnings, type SystemWarning } from './systemWarning';
import { retryDelayMs, sleep as defaultSleep, type RetryPolicy, type Sleep } from './retry';
import { resendable } from './retryTable';
import { dispatcherFor } from './transport';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | string[] | undefined;

export interface HttpRequest {
	method: HttpMethod;
	/** A path under the base URL (`/auth/challenge`), or an absolute URL KSeF handed out (upload and UPO links). */
	path: string;
	query?: Record<string, QueryValue>;
	json?: unknown;
	/** Raw body; a stream is sent once and never retried. */
	body?: Buffer | Readable;
	headers?: Record<string, string>;
	bearer?: string;
	/** Safe to resend after a 5xx or a network error; by default what retryTable.ts says for the call. */
	idempotent?: boolean;
	/** Cancels the request; by default the client's signal. `null`: not cancellable (closing what was opened). */
	signal?: AbortSignal | null;
}

export interface HttpResponse<T> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

/** What the client tells about each attempt; never headers or bodies, so no token can leak into logs. */
export interface RequestEvent {
	method: HttpMethod;
	path: string;
	status?: number;
	attempt: number;
	durationMs: number;
	error?: string;
}

export interface HttpClientOptions {
	timeoutMs: number;
	retry: RetryPolicy;
	sleep?: Sleep;
	onRequest?: (event: RequestEvent) => void;
	/** KSeF's `X-System-Warning` header, on answers of any status. */
	onSystemWarning?: (warning: SystemWarning) => void;
	/** Sent on every request, e.g. n8n's value plus this package's name and version. */
	userAgent?: string;
	/** The host's outbound policy (n8n's SSRF protection); without it every address is allowed. */
	egress?: EgressPolicy;
	/** The execution's cancel signal: every request and every wait stops when it fires. */
	signal?: AbortSignal;
}

export class HttpClient {
	private readonly sleep: Sleep;

	constructor(
		readonly baseUrl: string,
		private readonly options: HttpClientOptions,
	) {
		this.sleep = options.sleep ?? defaultSleep;
	}

	async json<T>(req: HttpRequest): Promise<HttpResponse<T>> {
		const response = await this.send(req, 'application/json');
		const text = response.body.toString('utf8');
		return { ...response, body: (text ? JSON.parse(text) : undefined) as T };
	}

	async bytes(req: HttpRequest, accept = 'application/xml'): Promise<HttpResponse<Buffer>> {
		return this.send(req, accept);
	}

	/** The execution's cancel signal, for waits outside this client (polling loops). */
	get signal(): AbortSignal | undefined {
		return this.options.signal;
	}

	private async send(req: HttpRequest, accept: string): Promise<HttpResponse<Buffer>> {
		const idempotent = req.idempotent ?? resendable(req.method, req.path);
		const replayable = !(req.body && !Buffer.isBuffer(req.body));
		const signal = req.signal === null ? undefined : (req.signal ?? this.options.signal);
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.attempt({ ...req, signal }, accept, attempt);
			} catch (error) {
				const wait = replayable ? retryDelayMs(error, attempt, idempotent, this.options.retry) : undefined;
				if (wait === undefined) throw error;
				await this.sleep(wait, signal);
			}
		}
	}

	private async attempt(req: HttpRequest, accept: string, attempt: number): Promise<HttpResponse<Buffer>> {
		const url = this.urlFor(req);
		const label = req.path.startsWith('http') ? new URL(req.path).pathname : req.path;
		const headers: Record<string, string> = { accept, ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}), ...req.headers };
		if (req.bearer) headers.authorization = `Bearer ${req.bearer}`;
		let body: Buffer | Readable | undefined = req.body;
		if (req.json !== undefined) {
			body = Buffer.from(JSON.stringify(req.json));
			headers['content-type'] = 'application/json';
		}
		const started = Date.now();
		let status: number | undefined;
		try {
			const refused = await this.options.egress?.checkUrl(url);
			if (refused) throw new EgressRefusedError(req.method, url, refused);
			const response = await request(url, {
				method: req.method,
				headers,
				body,
				dispatcher: dispatcherFor(url.origin, this.options.egress?.lookup),
				headersTimeout: this.options.timeoutMs,
				bodyTimeout: this.options.timeoutMs,
				signal: req.signal ?? undefined,
			});
			status = response.statusCode;
			const responseHeaders = flattenHeaders(response.headers);
			this.reportSystemWarnings(responseHeaders['x-system-warning'], `${req.method} ${label}`);
			const bytes = Buffer.from(await response.body.arrayBuffer());
			if (status >= 400) {
				const text = bytes.toString('utf8');
				const parsed = parseErrorBody(status, text);
				throw new KsefApiError({
					httpStatus: status,
					method: req.method,
					path: label,
					...parsed,
					retryAfterMs: parseRetryAfterMs(responseHeaders['retry-after']),
					presignedUrl: req.path.startsWith('http'),
					...this.misdirected(status, req, text, url),
				});
			}
			this.report({ method: req.method, path: label, status, attempt, durationMs: Date.now() - started });
			return { status, headers: responseHeaders, body: bytes };
		} catch (error) {
			const failure = error instanceof KsefApiError || error instanceof EgressRefusedError ? error : networkError(error, req.method, label, url.origin, req.signal?.aborted ?? false);
			this.report({
				method: req.method,
				path: label,
				status,
				attempt,
				durationMs: Date.now() - started,
				error: failure.message,
			});
			throw failure;
		}
	}

	private urlFor(req: HttpRequest): URL {
		const url = new URL(req.path.startsWith('http') ? req.path : this.baseUrl + req.path);
		for (const [name, value] of Object.entries(req.query ?? {})) {
			if (value === undefined) continue;
			for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
		}
		return url;
	}

	/**
	 * Answers that are not KSeF's at all: a custom base URL without `/v2` reaches a web server's HTML 404, and a
	 * proxy that wants credentials answers 407 itself. Both get a message that says what to change.
	 */
	private misdirected(status: number, req: HttpRequest, body: string, url: URL): { message?: string; advice?: string } {
		if (status === 407) {
			return {
				message: `The HTTP proxy refused ${req.method} ${url.origin}: it asks for credentials (407 Proxy Authentication Required)`,
				advice: 'Give n8n the proxy user and password in its proxy setting (HTTPS_PROXY=http://user:password@proxy:port), or ask the network administrator to let n8n reach KSeF.',
			};
		}
		const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
		// A web server's own 404 (HTML, or KSeF's generic "no such resource" 21404), not a KSeF answer about an invoice.
		const notAnApiAnswer = !/^\s*\{/.test(body) || /"exceptionCode"\s*:\s*21404\b/.test(body);
		if (status === 404 && !req.path.startsWith('http') && !/\/v2$/.test(basePath) && notAnApiAnswer) {
			return {
				message: `KSeF answered 404 to ${req.method} ${req.path}: the base URL ${this.baseUrl} does not end in /v2, where the KSeF 2.0 API lives`,
				advice: `Set the custom base URL in the KSeF API credential to ${this.baseUrl.replace(/\/+$/, '')}/v2 (or pick the TEST, DEMO or PROD environment).`,
			};
		}
		return {};
	}

	private reportSystemWarnings(header: string | undefined, request: string): void {
		if (!header || !this.options.onSystemWarning) return;
		for (const warning of parseSystemWarnings(header, request)) this.options.onSystemWarning(warning);
	}

	private report(event: RequestEvent): void {
		this.options.onRequest?.(event);
	}
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}

/** Node's codes for a certificate that does not verify; retrying cannot fix these. */
const TLS_FAILURE = /^(CERT_|ERR_TLS_CERT|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|HOSTNAME_MISMATCH|ERR_SSL_)/;

function networkError(error: unknown, method: HttpMethod, path: string, origin: string, cancelled: boolean): Error {
	// Our own cancellation passes through; undici also names a proxy's refusal to tunnel an AbortError.
	if (cancelled && error instanceof Error && error.name === 'AbortError') return error;
	const code = (error as { code?: string }).code;
	if (code && TLS_FAILURE.test(code)) {
		return new KsefNetworkError(`The TLS certificate of ${origin} could not be verified (${method} ${path})`, method, path, {
			cause: error,
			code,
			tlsFailure: true,
			advice: 'Check the base URL in the credential and any proxy that intercepts HTTPS; this is not retried.',
		});
	}
	const failure = describeNetworkFailure(error);
	return new KsefNetworkError(`Could not reach KSeF at ${origin} (${method} ${path}): ${failure.what}`, method, path, {
		cause: error,
		code: failure.code,
		advice: failure.advice,
	});
}
