import type { components } from '../api/ksefApi';
import type { KsefExceptionDetail } from '../errors/KsefError';

type ExceptionResponse = components['schemas']['ExceptionResponse'];
type TooManyRequestsResponse = components['schemas']['TooManyRequestsResponse'];
type BadRequestProblemDetails = components['schemas']['BadRequestProblemDetails'];
type ForbiddenProblemDetails = components['schemas']['ForbiddenProblemDetails'];

export interface ParsedErrorBody {
	exceptions: KsefExceptionDetail[];
	referenceNumber?: string;
	serviceCode?: string;
}

/**
 * KSeF answers errors in three shapes: the classic `{exception: {exceptionDetailList}}`, RFC 7807 problem
 * details (401, 403, and 400 with `errors`), and `{status: {code, description, details}}` for 429. All become
 * the same list of code + description + details.
 */
export function parseErrorBody(httpStatus: number, text: string): ParsedErrorBody {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		const snippet = text.trim().slice(0, 300);
		return { exceptions: snippet ? [{ code: httpStatus, description: snippet, details: [] }] : [] };
	}
	if (!body || typeof body !== 'object') return { exceptions: [] };

	const exception = (body as ExceptionResponse).exception;
	if (exception) {
		return {
			exceptions: (exception.exceptionDetailList ?? []).map((detail) => ({
				code: detail.exceptionCode ?? httpStatus,
				description: detail.exceptionDescription ?? '',
				details: detail.details ?? [],
			})),
			referenceNumber: exception.referenceNumber ?? undefined,
			serviceCode: exception.serviceCode ?? undefined,
		};
	}

	const status = (body as TooManyRequestsResponse).status;
	if (status && typeof status === 'object') {
		return { exceptions: [{ code: status.code, description: status.description, details: status.details ?? [] }] };
	}

	const problem = body as Partial<BadRequestProblemDetails & ForbiddenProblemDetails>;
	if (Array.isArray(problem.errors) && problem.errors.length) {
		return {
			exceptions: problem.errors.map((error) => ({
				code: error.code,
				description: error.description,
				details: error.details ?? [],
			})),
		};
	}
	if (problem.title || problem.detail) {
		const details = problem.reasonCode ? [`reasonCode: ${problem.reasonCode}`] : [];
		return {
			exceptions: [{ code: problem.status ?? httpStatus, description: problem.detail ?? problem.title ?? '', details }],
		};
	}
	return { exceptions: [] };
}

/** `Retry-After` is seconds or an HTTP date; KSeF sends seconds. */
export function parseRetryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
