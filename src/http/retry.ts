import { KsefApiError, KsefNetworkError } from '../errors/KsefError';

export interface RetryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A 429 asking to wait longer than this is reported instead of waited out. */
	maxRetryAfterMs: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
	new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason as Error);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason as Error);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});

/** Exponential backoff with full jitter, so parallel workers do not hit KSeF in lockstep. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How long to wait before trying again, or undefined when the failure must not be retried.
 * 429 is always safe (KSeF refused the request before doing anything). 5xx and network errors are retried only
 * for idempotent requests: a POST that may have reached KSeF is left to the caller, which checks what happened.
 */
export function retryDelayMs(
	error: unknown,
	attempt: number,
	idempotent: boolean,
	policy: RetryPolicy,
): number | undefined {
	if (attempt >= policy.maxAttempts) return undefined;
	if (error instanceof KsefApiError) {
		if (error.httpStatus === 429) {
			const wait = error.retryAfterMs ?? backoffDelayMs(attempt, policy);
			return wait <= policy.maxRetryAfterMs ? wait : undefined;
		}
		if (idempotent && error.httpStatus >= 500) {
			const wait = error.retryAfterMs ?? backoffDelayMs(attempt, policy);
			return wait <= policy.maxRetryAfterMs ? wait : undefined;
		}
		return undefined;
	}
	if (idempotent && error instanceof KsefNetworkError && !error.tlsFailure) return backoffDelayMs(attempt, policy);
	return undefined;
}
