/** Errors a route throws; the server renders them in the spec's shapes (ExceptionResponse, 401/403 bodies, 429). */

export class SimError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(`HTTP ${status}`);
	}
}

export interface ExceptionDetail {
	exceptionCode: number;
	exceptionDescription: string;
	details?: string[];
}

/** The legacy ExceptionResponse every KSeF 4xx uses unless `X-Error-Format: problem-details` is sent. */
export function exception(status: number, code: number, description: string, details?: string[]): SimError {
	const detail: ExceptionDetail = { exceptionCode: code, exceptionDescription: description };
	if (details && details.length > 0) detail.details = details;
	return new SimError(status, {
		exception: {
			exceptionDetailList: [detail],
			referenceNumber: null,
			serviceCode: '00-' + Math.random().toString(16).slice(2, 12).toUpperCase(),
			serviceCtx: 'srvTEMFA',
			serviceName: 'KSeF API (simulator)',
			timestamp: new Date().toISOString(),
		},
	});
}

export const badRequest = (code: number, description: string, details?: string[]) =>
	exception(400, code, description, details);

/** 21405: the spec's "input validation error", used whenever a request breaks the OpenAPI schema. */
export const validationError = (details: string[]) =>
	badRequest(21405, 'Błąd walidacji danych wejściowych.', details);

export const notFound = (code: number, description: string, details?: string[]) =>
	exception(404, code, description, details);

export function unauthorized(detail: string): SimError {
	return new SimError(401, {
		title: 'Unauthorized',
		status: 401,
		detail,
		instance: null,
		timestamp: new Date().toISOString(),
	});
}

export function forbidden(detail: string, reasonCode = 'missing-permissions'): SimError {
	return new SimError(403, {
		title: 'Forbidden',
		status: 403,
		detail,
		reasonCode,
		timestamp: new Date().toISOString(),
	});
}

export function tooManyRequests(retryAfterSeconds: number, detail: string): SimError {
	return new SimError(
		429,
		{ status: { code: 429, description: 'Too Many Requests', details: [detail] } },
		{ 'Retry-After': String(retryAfterSeconds) },
	);
}

export function gone(detail: string): SimError {
	return new SimError(410, { title: 'Gone', status: 410, detail, timestamp: new Date().toISOString() });
}

/**
 * With `X-Error-Format: problem-details` (API 2.4.0 changelog), 400 and 429 come back as RFC 7807 problem details
 * (`application/problem+json`, BadRequestProblemDetails / TooManyRequestsProblemDetails) instead of the classic
 * bodies; every exception of a 400 becomes its own entry of `errors`.
 */
export function asProblemDetails(error: SimError, instance: string): unknown {
	const timestamp = new Date().toISOString();
	const traceId = Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32);
	if (error.status === 400) {
		const list = (error.body as { exception?: { exceptionDetailList?: ExceptionDetail[] } }).exception?.exceptionDetailList ?? [];
		const errors = list.map((detail) => ({ code: detail.exceptionCode, description: detail.exceptionDescription, ...(detail.details ? { details: detail.details } : {}) }));
		return { title: 'Bad Request', status: 400, instance, detail: 'Żądanie jest nieprawidłowe.', errors, timestamp, traceId };
	}
	const details = (error.body as { status?: { details?: string[] } }).status?.details ?? [];
	return { title: 'Too Many Requests', status: 429, instance, detail: details.join(' ') || 'Przekroczono limit żądań.', timestamp, traceId };
}

export function wantsProblemDetails(headers: Record<string, string | string[] | undefined>, status: number): boolean {
	const raw = headers['x-error-format'];
	const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
	return value === 'problem-details' && (status === 400 || status === 429);
}
