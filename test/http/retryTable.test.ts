import { KsefApiError, KsefNetworkError } from '../../src';
import { retryDelayMs } from '../../src/http/retry';
import { resendable, ruleFor } from '../../src/http/retryTable';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 10_000 };

describe('the retry table', () => {
	it('matches concrete calls to their rows: reads and uploads are resent, writes are checked first', () => {
		expect(resendable('GET', '/sessions/20260101-SO-0000000001-ABCDEF0123-45/invoices')).toBe(true);
		expect(resendable('PUT', 'https://storage.example/upload/1?sig=x')).toBe(true);
		expect(resendable('POST', '/sessions/online/20260101-SO-0000000001-ABCDEF0123-45/invoices')).toBe(false);
		expect(ruleFor('POST', '/sessions/online/20260101-SO-0000000001-ABCDEF0123-45/close')?.onUncertain).toBe('checkFirst');
		expect(ruleFor('POST', '/sessions/batch')?.onUncertain).toBe('checkFirst');
		expect(ruleFor('POST', '/auth/token/refresh')?.onUncertain).toBe('freshStart');
		expect(ruleFor('POST', 'https://elsewhere.example/sessions/online')).toBeUndefined();
	});

	it('never retries a TLS verification failure; retries other network errors of resendable calls', () => {
		const tls = new KsefNetworkError('certificate', 'GET', '/x', { tlsFailure: true });
		const reset = new KsefNetworkError('reset', 'GET', '/x');
		expect(retryDelayMs(tls, 1, true, policy)).toBeUndefined();
		expect(retryDelayMs(reset, 1, true, policy)).toBeGreaterThan(0);
	});

	it('reports a 5xx whose Retry-After is beyond the cap instead of sleeping through it', () => {
		const unavailable = (retryAfterMs: number) => new KsefApiError({ httpStatus: 503, method: 'GET', path: '/x', exceptions: [], retryAfterMs });
		expect(retryDelayMs(unavailable(2_000), 1, true, policy)).toBe(2_000);
		expect(retryDelayMs(unavailable(600_000), 1, true, policy)).toBeUndefined();
	});
});
