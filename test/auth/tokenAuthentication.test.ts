import { clearTokenCache, KsefAuthenticationError, KsefClient } from '../../src';
import type { RunningSimulator } from '../simulator';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('token authentication against the simulator', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});
	beforeEach(() => clearTokenCache());

	it('cold: makes exactly the guide’s calls, in order; warm: makes none', async () => {
		const client = clientFor(sim);
		const before = sim.simulator.requestLog.length;
		const token = await client.api.tokens.get();
		const calls = callsSince(sim, before);
		expect(calls[0]).toBe('GET /security/public-key-certificates');
		expect(calls.slice(1, 3)).toEqual(['POST /auth/challenge', 'POST /auth/ksef-token']);
		const polls = calls.slice(3, -1);
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(new Set(polls)).toEqual(new Set(['GET /auth/{referenceNumber}']));
		expect(calls.at(-1)).toBe('POST /auth/token/redeem');

		const warm = sim.simulator.requestLog.length;
		// A second client for the same credential (a later execution) reuses the token: no calls at all.
		expect(await clientFor(sim).api.tokens.get()).toBe(token);
		expect(callsSince(sim, warm)).toEqual([]);
	});

	it('the default token contains | and still authenticates', () => {
		expect(sim.token).toContain('|');
	});

	it('concurrent callers share one authentication', async () => {
		const before = sim.simulator.requestLog.length;
		const tokens = await Promise.all(Array.from({ length: 5 }, () => clientFor(sim).api.tokens.get()));
		expect(new Set(tokens).size).toBe(1);
		expect(callsSince(sim, before).filter((call) => call === 'POST /auth/ksef-token')).toHaveLength(1);
	});

	it('near expiry it refreshes instead of re-authenticating', async () => {
		let clock = Date.now();
		const client = clientFor(sim, { now: () => clock });
		const first = await client.api.tokens.get();
		clock += 15 * 60_000; // the simulator's access tokens live 15 minutes
		const before = sim.simulator.requestLog.length;
		const second = await client.api.tokens.get();
		expect(second).not.toBe(first);
		expect(callsSince(sim, before)).toEqual(['POST /auth/token/refresh']);
	});

	it('on 401 it re-authenticates, also when the refresh token comes back 400 (revoked session)', async () => {
		const client = clientFor(sim);
		await client.api.tokens.get();
		// Revoke the authentication session: its refresh token now answers 400/21301. Access tokens stay valid
		// until they expire (as the spec says), so the expiry that makes KSeF answer 401 is simulated here.
		await client.api.json({ method: 'DELETE', path: '/auth/sessions/current' });
		for (const record of Object.values(sim.simulator.state.tokens)) if (record.kind === 'access') record.validUntilMs = 0;
		const before = sim.simulator.requestLog.length;
		const status = await client.getSessionStatus('20260101-SO-0000000001-ABCDEF0123-45').catch((error: unknown) => error);
		const calls = callsSince(sim, before);
		expect(calls[0]).toBe('GET /sessions/{referenceNumber}');
		expect(calls).toContain('POST /auth/token/refresh');
		expect(calls).toContain('POST /auth/ksef-token');
		expect(calls.at(-1)).toBe('GET /sessions/{referenceNumber}');
		// The retried call reached KSeF with a valid token: now it is the session that does not exist.
		expect(String(status)).not.toMatch(/401/);
	});

	it('a wrong token fails with KSeF’s reason and never shows the token', async () => {
		const wrong = '20260101-EC-FFFFFFFFFF-FFFFFFFFFF-FF|nip-9999999999|0123456789abcdef';
		const error = await new KsefClient({ baseUrl: sim.baseUrl, token: wrong, nip: sim.nip }).authenticate().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(KsefAuthenticationError);
		expect((error as KsefAuthenticationError).statusCode).toBe(450);
		expect(String((error as Error).message)).not.toContain(wrong);
	});

	it('a token used in another NIP’s context is refused', async () => {
		const error = await new KsefClient({ baseUrl: sim.baseUrl, token: sim.token, nip: '5265877635' }).authenticate().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(KsefAuthenticationError);
		// The spec's status table: 450 "Token nie może być użyty w kontekście {contextIdentifier}".
		expect((error as KsefAuthenticationError).statusCode).toBe(450);
	});

	it('an unreachable host is a clear network error', async () => {
		const error = await new KsefClient({ baseUrl: 'http://127.0.0.1:9/v2', token: sim.token, nip: sim.nip, retry: { maxAttempts: 1 } })
			.authenticate()
			.catch((e: unknown) => e);
		expect(String((error as Error).message)).toMatch(/Could not reach KSeF at http:\/\/127\.0\.0\.1:9/);
	});

	it.each([
		['POST', '/auth/ksef-token', 'statusAfter'],
		['POST', '/auth/token/redeem', 'lostAnswer'],
	] as const)('a 5xx or a lost answer on %s %s starts one fresh sign-in instead of failing the execution', async (method, path, kind) => {
		const faulty = await startSimulator({ faults: [{ match: { method, path }, fault: kind === 'lostAnswer' ? { kind } : { kind, status: 503 }, times: 1 }] });
		try {
			const before = faulty.simulator.requestLog.length;
			await expect(clientFor(faulty).api.tokens.get()).resolves.toEqual(expect.any(String));
			expect(callsSince(faulty, before).filter((call) => call === 'POST /auth/challenge')).toHaveLength(2);
			expectSpecCompliance(faulty);
		} finally {
			await faulty.stop();
		}
	});
});
