import { KsefApiError, KsefNetworkError } from '../../src/errors/KsefError';
import { retryDelayMs, type RetryPolicy } from '../../src/http/retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 60_000 };
const apiError = (httpStatus: number, retryAfterMs?: number) =>
	new KsefApiError({ httpStatus, method: 'POST', path: '/x', exceptions: [], retryAfterMs });
const network = new KsefNetworkError('reset', 'POST', '/x');

describe('when the client retries', () => {
	it('waits exactly what 429 Retry-After asks, even for POSTs', () => {
		expect(retryDelayMs(apiError(429, 7_000), 1, false, policy)).toBe(7_000);
	});

	it('gives up on a 429 that asks for longer than the cap', () => {
		expect(retryDelayMs(apiError(429, 10 * 60_000), 1, true, policy)).toBeUndefined();
	});

	it('retries 5xx and network errors only for idempotent calls', () => {
		expect(retryDelayMs(apiError(503), 1, true, policy)).toBeGreaterThan(0);
		expect(retryDelayMs(network, 1, true, policy)).toBeGreaterThan(0);
		expect(retryDelayMs(apiError(503), 1, false, policy)).toBeUndefined();
		expect(retryDelayMs(network, 1, false, policy)).toBeUndefined();
	});

	it('never retries client errors, and stops after maxAttempts', () => {
		expect(retryDelayMs(apiError(400), 1, true, policy)).toBeUndefined();
		expect(retryDelayMs(apiError(503), 4, true, policy)).toBeUndefined();
	});

	it('backs off exponentially within the cap', () => {
		const delays = [1, 2, 3].map((attempt) => retryDelayMs(apiError(500), attempt, true, policy) ?? -1);
		expect(delays[0]).toBeLessThanOrEqual(100);
		expect(delays[2]).toBeGreaterThanOrEqual(200);
		expect(delays[2]).toBeLessThanOrEqual(400);
	});
});
