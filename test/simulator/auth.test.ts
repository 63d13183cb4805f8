/** Token authentication against the simulator over real HTTP, with the codes KSeF uses and the spec as judge. */
import { start, type RunningSimulator } from './index';
import { defaultOptions } from './options';
import {
	authenticate,
	call,
	challenge,
	exceptionCode,
	refreshAccessToken,
	startAuthentication,
	waitForAuthentication,
	type StatusInfo,
} from './support/rawAuth';

const [first, second] = defaultOptions().subjects;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator: token authentication', () => {
	let sim: RunningSimulator;
	let url: string;
	beforeAll(async () => {
		// The protocol in bursts, not the rate limits (lifecycle and testdata tests cover those).
		sim = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false } });
		url = sim.baseUrl;
	});
	afterAll(async () => {
		expect(sim.simulator.responseViolations).toEqual([]);
		expect(sim.simulator.requestViolations).toEqual([]);
		await sim.stop();
	});

	/** Starts an authentication that the simulator accepts (202) and waits for its final status. */
	async function finalStatus(token: string, nip: string, options: Parameters<typeof startAuthentication>[3] = {}) {
		const init = await startAuthentication(url, token, nip, options);
		expect(init.status).toBe(202);
		const done = await waitForAuthentication(url, init.body.referenceNumber, init.body.authenticationToken.token);
		return { ...done, authenticationToken: init.body.authenticationToken.token, referenceNumber: init.body.referenceNumber };
	}

	it('runs the whole flow: challenge, 202, polling 100 then 200, redeem, and the access token works', async () => {
		const issued = await challenge(url);
		expect(issued.challenge).toMatch(/^\d{8}-CR-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
		expect(Math.abs(Date.parse(issued.timestamp) - issued.timestampMs)).toBeLessThan(1);
		expect(issued.clientIp).toBe('127.0.0.1');

		// The default token carries `|` itself, as real KSeF tokens do.
		expect(sim.token.split('|').length).toBeGreaterThan(2);
		const init = await startAuthentication(url, sim.token, sim.nip, { challenge: issued });
		expect(init.status).toBe(202);
		expect(init.body.referenceNumber).toHaveLength(36);
		const { status, seen } = await waitForAuthentication(url, init.body.referenceNumber, init.body.authenticationToken.token, 20);
		expect(seen[0]).toBe(100);
		expect(status).toEqual({ code: 200, description: 'Uwierzytelnianie zakończone sukcesem' });

		const redeemed = await call<{ accessToken: { token: string; validUntil: string }; refreshToken: { token: string; validUntil: string } }>(
			url,
			'POST',
			'/auth/token/redeem',
			{ bearer: init.body.authenticationToken.token },
		);
		expect(redeemed.status).toBe(200);
		expect(Date.parse(redeemed.body.refreshToken.validUntil)).toBeGreaterThan(Date.parse(redeemed.body.accessToken.validUntil));
		const limits = await call(url, 'GET', '/limits/context', { bearer: redeemed.body.accessToken.token });
		expect(limits.status).toBe(200);

		const after = await call<{ isTokenRedeemed: boolean; refreshTokenValidUntil: string }>(url, 'GET', `/auth/${init.body.referenceNumber}`, {
			bearer: init.body.authenticationToken.token,
		});
		expect(after.body.isTokenRedeemed).toBe(true);
		expect(after.body.refreshTokenValidUntil).toBe(redeemed.body.refreshToken.validUntil);
	});

	it('authenticates the second subject with its own token too', async () => {
		const tokens = await authenticate(url, second.token, second.nip);
		const status = await call<{ isAttachmentAllowed: boolean }>(url, 'GET', '/permissions/attachments/status', { bearer: tokens.accessToken });
		expect(status.body).toEqual({ isAttachmentAllowed: true });
	});

	it('ends with 450 for a wrong token, a token of another NIP, a wrong timestamp and bad encryption', async () => {
		const wrong = await finalStatus(first.token.replace(/.$/, '0'), first.nip);
		expect(wrong.status.code).toBe(450);
		expect(wrong.status.details).toEqual(['Nieprawidłowy token']);
		const redeem = await call(url, 'POST', '/auth/token/redeem', { bearer: wrong.authenticationToken });
		expect([redeem.status, exceptionCode(redeem.body)]).toEqual([400, 21301]);

		const otherNip = await finalStatus(first.token, second.nip);
		expect(otherNip.status.code).toBe(450);
		expect(otherNip.status.details?.[0]).toContain(`Token nie może być użyty w kontekście`);

		const lateTimestamp = await finalStatus(first.token, first.nip, { plaintext: (ms) => `${first.token}|${ms + 1}` });
		expect([lateTimestamp.status.code, lateTimestamp.status.details]).toEqual([450, ['Nieprawidłowy czas tokena']]);
		const noTimestamp = await finalStatus(first.token, first.nip, { plaintext: () => first.token });
		expect([noTimestamp.status.code, noTimestamp.status.details]).toEqual([450, ['Nieprawidłowe kodowanie tokena']]);
		const garbage = await finalStatus(first.token, first.nip, { encryptedToken: Buffer.alloc(256, 7).toString('base64') });
		expect([garbage.status.code, garbage.status.details]).toEqual([450, ['Nieprawidłowe szyfrowanie tokena']]);
	});

	it('refuses a reused, unknown or expired challenge and an unknown key id at once', async () => {
		const issued = await challenge(url);
		expect((await startAuthentication(url, sim.token, sim.nip, { challenge: issued })).status).toBe(202);
		const reused = await startAuthentication(url, sim.token, sim.nip, { challenge: issued });
		expect([reused.status, exceptionCode(reused.body)]).toEqual([400, 21111]);
		const unknown = await startAuthentication(url, sim.token, sim.nip, { challenge: { challenge: '20260101-CR-0000000000-0000000000-00', timestampMs: 1 } });
		expect([unknown.status, exceptionCode(unknown.body)]).toEqual([400, 21111]);
		const wrongKey = await startAuthentication(url, sim.token, sim.nip, { publicKeyId: Buffer.alloc(32).toString('base64') });
		expect([wrongKey.status, exceptionCode(wrongKey.body)]).toEqual([400, 21470]);

		const short = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false }, tokens: { challengeTtlMs: 50 } });
		try {
			const old = await challenge(short.baseUrl);
			await sleep(80);
			const expired = await startAuthentication(short.baseUrl, short.token, short.nip, { challenge: old });
			expect([expired.status, exceptionCode(expired.body)]).toEqual([400, 21111]);
			expect(short.simulator.responseViolations).toEqual([]);
		} finally {
			await short.stop();
		}
	});

	it('guards the status and redeem calls: 401 without the authentication token, 21304 for another operation, 21301 too early or twice', async () => {
		const init = await startAuthentication(url, sim.token, sim.nip);
		const bearer = init.body.authenticationToken.token;
		const early = await call(url, 'POST', '/auth/token/redeem', { bearer });
		expect([early.status, exceptionCode(early.body)]).toEqual([400, 21301]);
		expect(JSON.stringify(early.body)).toContain('Status uwierzytelniania (100) nie pozwala na pobranie tokenów.');

		const noBearer = await call<{ status: number; title: string }>(url, 'GET', `/auth/${init.body.referenceNumber}`);
		expect([noBearer.status, noBearer.body.status, noBearer.body.title]).toEqual([401, 401, 'Unauthorized']);
		const other = await call(url, 'GET', '/auth/20260101-AU-0000000000-0000000000-00', { bearer });
		expect([other.status, exceptionCode(other.body)]).toEqual([400, 21304]);

		await waitForAuthentication(url, init.body.referenceNumber, bearer);
		expect((await call(url, 'POST', '/auth/token/redeem', { bearer })).status).toBe(200);
		const twice = await call(url, 'POST', '/auth/token/redeem', { bearer });
		expect([twice.status, exceptionCode(twice.body)]).toEqual([400, 21301]);
		expect(JSON.stringify(twice.body)).toContain('zostały już pobrane');
	});

	it('refreshes the access token; after revocation refresh answers 400/21301 while issued access tokens live on', async () => {
		const tokens = await authenticate(url, sim.token, sim.nip);
		const refreshed = await refreshAccessToken(url, tokens.refreshToken);
		expect(refreshed.status).toBe(200);
		const fresh = (refreshed.body as { accessToken: { token: string } }).accessToken.token;
		expect(fresh).not.toBe(tokens.accessToken);
		expect((await call(url, 'GET', '/rate-limits', { bearer: fresh })).status).toBe(200);
		// An access token is not a refresh token.
		expect((await refreshAccessToken(url, tokens.accessToken)).status).toBe(401);

		const sessions = await call<{ items: Array<{ referenceNumber: string; isCurrent: boolean; lastTokenRefreshDate?: string }> }>(url, 'GET', '/auth/sessions', { bearer: fresh });
		const mine = sessions.body.items.find((item) => item.referenceNumber === tokens.referenceNumber);
		expect(mine?.isCurrent).toBe(true);
		expect(mine?.lastTokenRefreshDate).toBeDefined();

		expect((await call(url, 'DELETE', '/auth/sessions/current', { bearer: fresh })).status).toBe(204);
		const revoked = await refreshAccessToken(url, tokens.refreshToken);
		expect([revoked.status, exceptionCode(revoked.body)]).toEqual([400, 21301]);
		// The spec: "Aktywne access tokeny działają do czasu minięcia ich termin ważności."
		expect((await call(url, 'GET', '/limits/context', { bearer: fresh })).status).toBe(200);
		const status = await call<{ status: StatusInfo }>(url, 'GET', `/auth/${tokens.referenceNumber}`, { bearer: tokens.authenticationToken });
		expect(status.body.status.code).toBe(425);
		const listed = await call<{ items: Array<{ referenceNumber: string }> }>(url, 'GET', '/auth/sessions', { bearer: fresh });
		expect(listed.body.items.map((item) => item.referenceNumber)).not.toContain(tokens.referenceNumber);
	});

	it('revokes another session by reference number; unknown numbers are refused', async () => {
		const a = await authenticate(url, sim.token, sim.nip);
		const b = await authenticate(url, sim.token, sim.nip);
		expect((await call(url, 'DELETE', `/auth/sessions/${b.referenceNumber}`, { bearer: a.accessToken })).status).toBe(204);
		const refused = await refreshAccessToken(url, b.refreshToken);
		expect([refused.status, exceptionCode(refused.body)]).toEqual([400, 21301]);
		expect((await refreshAccessToken(url, a.refreshToken)).status).toBe(200);
		const unknown = await call(url, 'DELETE', '/auth/sessions/20260101-AU-0000000000-0000000000-00', { bearer: a.accessToken });
		expect(unknown.status).toBe(400);
		// Another context's session is not ours to end.
		const foreign = await authenticate(url, second.token, second.nip);
		expect((await call(url, 'DELETE', `/auth/sessions/${foreign.referenceNumber}`, { bearer: a.accessToken })).status).toBe(400);
	});

	it('pages /auth/sessions newest first with a continuation token', async () => {
		const own = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false }, delays: { authPendingMs: 0 } });
		try {
			const all: string[] = [];
			for (let i = 0; i < 12; i++) all.push((await authenticate(own.baseUrl, own.token, own.nip)).referenceNumber);
			const bearer = (await authenticate(own.baseUrl, own.token, own.nip)).accessToken;
			const firstPage = await call<{ items: Array<{ referenceNumber: string; startDate: string }>; continuationToken?: string }>(own.baseUrl, 'GET', '/auth/sessions?pageSize=10', { bearer });
			expect(firstPage.body.items).toHaveLength(10);
			const dates = firstPage.body.items.map((item) => Date.parse(item.startDate));
			expect([...dates].sort((x, y) => y - x)).toEqual(dates);
			expect(firstPage.body.continuationToken).toBeTruthy();
			const next = await call<{ items: Array<{ referenceNumber: string }>; continuationToken?: string }>(own.baseUrl, 'GET', '/auth/sessions?pageSize=10', {
				bearer,
				headers: { 'x-continuation-token': firstPage.body.continuationToken ?? '' },
			});
			expect(next.body.items).toHaveLength(3);
			expect(next.body.continuationToken ?? null).toBeNull();
			const listed = [...firstPage.body.items, ...next.body.items].map((item) => item.referenceNumber);
			expect(new Set(listed).size).toBe(13);
			const bad = await call(own.baseUrl, 'GET', '/auth/sessions', { bearer, headers: { 'x-continuation-token': 'nonsense' } });
			expect([bad.status, exceptionCode(bad.body)]).toEqual([400, 21418]);
			expect(own.simulator.responseViolations).toEqual([]);
		} finally {
			await own.stop();
		}
	});

	it('answers 401 for an expired access token and 400/21301 for an expired refresh token', async () => {
		const short = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false }, delays: { authPendingMs: 0 }, tokens: { accessTokenTtlMs: 150, refreshTokenTtlMs: 400 } });
		try {
			const tokens = await authenticate(short.baseUrl, short.token, short.nip);
			expect((await call(short.baseUrl, 'GET', '/limits/context', { bearer: tokens.accessToken })).status).toBe(200);
			await sleep(200);
			const expired = await call<{ status: number; detail: string }>(short.baseUrl, 'GET', '/limits/context', { bearer: tokens.accessToken });
			expect([expired.status, expired.body.status]).toEqual([401, 401]);
			expect(expired.headers.get('content-type')).toContain('application/problem+json');
			expect((await refreshAccessToken(short.baseUrl, tokens.refreshToken)).status).toBe(200);
			await sleep(250);
			const late = await refreshAccessToken(short.baseUrl, tokens.refreshToken);
			expect([late.status, exceptionCode(late.body)]).toEqual([400, 21301]);
			const unknown = await call(short.baseUrl, 'GET', '/limits/context', { bearer: 'not-a-token' });
			expect(unknown.status).toBe(401);
			expect(short.simulator.responseViolations).toEqual([]);
		} finally {
			await short.stop();
		}
	});
});
