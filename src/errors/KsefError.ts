/**
 * Every failure the client reports is a KsefError. Messages are written for the person who reads them in n8n:
 * what happened and what to do. None of them ever contains the KSeF token or a bearer token.
 */
export class KsefError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = new.target.name;
	}
}

export interface KsefExceptionDetail {
	code: number;
	description: string;
	details: string[];
}

/** An HTTP error answer from KSeF, from any of the spec's error body shapes (exception, problem, 429 status). */
export class KsefApiError extends KsefError {
	readonly httpStatus: number;
	readonly exceptions: KsefExceptionDetail[];
	/** The first exception code, the one that decides what to do. */
	readonly exceptionCode?: number;
	readonly referenceNumber?: string;
	readonly serviceCode?: string;
	/** From `Retry-After` on 429 and 503. */
	readonly retryAfterMs?: number;
	readonly method: string;
	readonly path: string;
	readonly presignedUrl: boolean;
	readonly advice?: string;

	constructor(init: {
		httpStatus: number;
		method: string;
		path: string;
		exceptions: KsefExceptionDetail[];
		referenceNumber?: string;
		serviceCode?: string;
		retryAfterMs?: number;
		message?: string;
		/** The request went to a pre-signed storage link KSeF handed out (batch part upload), not to the API. */
		presignedUrl?: boolean;
		/** What to do, when the answer is not KSeF's own (a proxy, a web server's 404). */
		advice?: string;
	}) {
		const first = init.exceptions[0];
		const summary = first
			? `${first.code}: ${first.description}${first.details.length ? ` (${first.details.join('; ')})` : ''}`
			: 'no error details';
		super(init.message ?? `KSeF answered ${init.httpStatus} to ${init.method} ${init.path}: ${summary}`);
		this.httpStatus = init.httpStatus;
		this.exceptions = init.exceptions;
		this.exceptionCode = first?.code;
		this.referenceNumber = init.referenceNumber;
		this.serviceCode = init.serviceCode;
		this.retryAfterMs = init.retryAfterMs;
		this.method = init.method;
		this.path = init.path;
		this.presignedUrl = init.presignedUrl ?? false;
		this.advice = init.advice;
	}
}

/** The request never got an answer (connection refused, reset, DNS, timeout), or TLS verification failed. */
export class KsefNetworkError extends KsefError {
	/** The system error code (ECONNREFUSED, ENOTFOUND…), kept out of the message (see http/networkFailure). */
	readonly code?: string;
	/** What to do about it. */
	readonly advice?: string;
	/** The server's certificate did not verify: never retried. */
	readonly tlsFailure: boolean;

	constructor(
		message: string,
		readonly method: string,
		readonly path: string,
		options?: { cause?: unknown; code?: string; advice?: string; tlsFailure?: boolean },
	) {
		super(message, options);
		this.code = options?.code;
		this.advice = options?.advice;
		this.tlsFailure = options?.tlsFailure ?? false;
	}
}

/** Token authentication ended with a non-200 status (e.g. 450: wrong token or no rights in this NIP context). */
export class KsefAuthenticationError extends KsefError {
	constructor(
		message: string,
		readonly statusCode?: number,
		readonly details: string[] = [],
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}

/** A wait (authentication, invoice processing, session UPO) ran past its limit. */
export class KsefTimeoutError extends KsefError {}
