import { KsefApiError } from '../../src';
import { DEFAULTS } from '../../src/config/defaults';
import { HttpClient } from '../../src/http/httpClient';
import type { RunningSimulator } from './index';
import { clientFor, startSimulator } from '../support/simulatorClient';

const PROBLEM = { 'x-error-format': 'problem-details' };
// openFormCode breaks the spec's FormCode (systemCode is required), so KSeF answers 400/21405.
const badOpen = { formCode: { schemaVersion: '1-0E', value: 'FA' }, encryption: { encryptedSymmetricKey: 'AA==', initializationVector: 'AA==' } };

describe('X-Error-Format: problem-details (400 and 429, API 2.4.0)', () => {
	let sim: RunningSimulator;
	let bearer: string;
	beforeAll(async () => {
		sim = await startSimulator({ rateLimits: { enabled: true, multiplier: 1, overrides: { other: { perSecond: 1, perMinute: 100, perHour: 1000 } } } });
		bearer = await clientFor(sim).api.tokens.get();
	});
	afterAll(async () => {
		// Every answer below, in either shape, was checked against openapi.json for the media type it was sent as
		// (the requests are broken on purpose, so only the responses are asserted).
		expect(sim.simulator.responseViolations).toEqual([]);
		await sim.stop();
	});

	const http = () => new HttpClient(sim.baseUrl, { timeoutMs: 10_000, retry: { ...DEFAULTS.retry, maxAttempts: 1 } });
	const raw = (path: string, init: RequestInit & { headers?: Record<string, string> }) =>
		fetch(`${sim.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, ...init.headers } });

	it('answers a 400 as application/problem+json with one entry per error, and the classic shape without the header', async () => {
		const problem = await raw('/sessions/online', { method: 'POST', body: JSON.stringify(badOpen), headers: { 'content-type': 'application/json', ...PROBLEM } });
		expect(problem.status).toBe(400);
		expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		const body = (await problem.json()) as { status: number; errors: Array<{ code: number; details?: string[] }> };
		expect(body.status).toBe(400);
		expect(body.errors[0].code).toBe(21405);

		const classic = await raw('/sessions/online', { method: 'POST', body: JSON.stringify(badOpen), headers: { 'content-type': 'application/json' } });
		expect(classic.headers.get('content-type')).toMatch(/^application\/json/);
		expect(((await classic.json()) as { exception: { exceptionDetailList: Array<{ exceptionCode: number }> } }).exception.exceptionDetailList[0].exceptionCode).toBe(21405);
	});

	it('the client reads the same code and details from both shapes', async () => {
		const errors = await Promise.all(
			[PROBLEM, {}].map((headers) => http().json({ method: 'POST', path: '/sessions/online', json: badOpen, bearer, headers }).catch((e: unknown) => e as KsefApiError)),
		);
		for (const error of errors) {
			expect(error).toBeInstanceOf(KsefApiError);
			expect((error as KsefApiError).exceptionCode).toBe(21405);
			expect((error as KsefApiError).exceptions[0].details.join(' ')).toMatch(/systemCode/);
		}
	});

	it('answers a 429 as problem details with Retry-After, which the client honours as with the classic shape', async () => {
		for (const headers of [PROBLEM, {}]) {
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			await http().json({ method: 'GET', path: '/limits/context', bearer, headers });
			const error = (await http().json({ method: 'GET', path: '/limits/context', bearer, headers }).catch((e: unknown) => e)) as KsefApiError;
			expect(error.httpStatus).toBe(429);
			expect(error.exceptionCode).toBe(429);
			expect(error.retryAfterMs).toBeGreaterThan(0);
			expect(error.exceptions[0].description + error.exceptions[0].details.join(' ')).toMatch(/Przekroczono limit 1 żądań na sekundę/);
		}
		const problem = await raw('/limits/context', { method: 'GET', headers: PROBLEM });
		expect(problem.status).toBe(429);
		expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(((await problem.json()) as { title: string }).title).toBe('Too Many Requests');
	});
});
