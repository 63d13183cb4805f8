/** The information endpoints and the TEST-only /testdata set-up calls, with TEST's known quirks. */
import { start, type RunningSimulator } from './index';
import { defaultOptions } from './options';
import { PRD_RATE_LIMITS } from './rateLimits';
import { authenticate, call, exceptionCode, startAuthentication, waitForAuthentication } from './support/rawAuth';

const [, second] = defaultOptions().subjects;

describe('simulator: limits, attachment status and /testdata', () => {
	let sim: RunningSimulator;
	let url: string;
	let bearer: string;
	beforeAll(async () => {
		sim = await start({ port: 0, validateResponses: true, delays: { authPendingMs: 0 } });
		url = sim.baseUrl;
		bearer = (await authenticate(url, sim.token, sim.nip)).accessToken;
	});
	afterAll(async () => {
		expect(sim.simulator.responseViolations).toEqual([]);
		expect(sim.simulator.requestViolations).toEqual([]);
		await sim.stop();
	});

	it('reports context limits, subject limits and rate limits (PRD values, as TEST since API 2.5.0); all need a token', async () => {
		const limits = await call(url, 'GET', '/limits/context', { bearer });
		expect(limits.body).toEqual({
			onlineSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10_000 },
			batchSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10_000 },
		});
		expect((await call(url, 'GET', '/limits/subject', { bearer })).body).toEqual({ enrollment: { maxEnrollments: 300 }, certificate: { maxCertificates: 100 } });
		const rates = await call<Record<string, { perSecond: number }>>(url, 'GET', '/rate-limits', { bearer });
		expect(rates.body).toEqual(PRD_RATE_LIMITS);
		for (const path of ['/limits/context', '/limits/subject', '/rate-limits', '/permissions/attachments/status']) {
			expect((await call(url, 'GET', path)).status).toBe(401);
		}
	});

	it('overrides and restores session limits and rate limits for the caller', async () => {
		const session = { maxInvoiceSizeInMB: 2, maxInvoiceWithAttachmentSizeInMB: 5, maxInvoices: 100 };
		expect((await call(url, 'POST', '/testdata/limits/context/session', { bearer, json: { onlineSession: session, batchSession: session } })).status).toBe(200);
		expect((await call(url, 'GET', '/limits/context', { bearer })).body).toEqual({ onlineSession: session, batchSession: session });
		expect((await call(url, 'DELETE', '/testdata/limits/context/session', { bearer })).status).toBe(200);
		expect((await call<{ onlineSession: { maxInvoices: number } }>(url, 'GET', '/limits/context', { bearer })).body.onlineSession.maxInvoices).toBe(10_000);

		expect((await call(url, 'POST', '/testdata/limits/subject/certificate', { bearer, json: { certificate: { maxCertificates: 2 } } })).status).toBe(200);
		expect((await call(url, 'GET', '/limits/subject', { bearer })).body).toEqual({ enrollment: { maxEnrollments: 300 }, certificate: { maxCertificates: 2 } });
		expect((await call(url, 'DELETE', '/testdata/limits/subject/certificate', { bearer })).status).toBe(200);

		// PRD allows 10 requests a second in this group, and the limiter counts those already made: let them age out.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		expect((await call(url, 'POST', '/testdata/rate-limits/production', { bearer })).status).toBe(200);
		expect((await call(url, 'GET', '/rate-limits', { bearer })).body).toEqual(PRD_RATE_LIMITS);
		const custom = Object.fromEntries(Object.keys(PRD_RATE_LIMITS).map((group) => [group, { perSecond: 1000, perMinute: 5000, perHour: 50000 }]));
		expect((await call(url, 'POST', '/testdata/rate-limits', { bearer, json: { rateLimits: custom } })).status).toBe(200);
		expect((await call(url, 'GET', '/rate-limits', { bearer })).body).toEqual(custom);
		expect((await call(url, 'DELETE', '/testdata/rate-limits', { bearer })).status).toBe(200);
		const restored = await call<Record<string, { perHour: number }>>(url, 'GET', '/rate-limits', { bearer });
		expect(restored.body.other.perHour).toBe(PRD_RATE_LIMITS.other.perHour);
		expect((await call(url, 'POST', '/testdata/rate-limits/production')).status).toBe(401);
	});

	it('grants attachments at once but revokes them only at a later date, as TEST does', async () => {
		const status = () => call<{ isAttachmentAllowed: boolean; revokedDate?: string }>(url, 'GET', '/permissions/attachments/status', { bearer });
		expect((await status()).body).toEqual({ isAttachmentAllowed: false });
		expect((await call(url, 'POST', '/testdata/attachment', { json: { nip: sim.nip } })).status).toBe(200);
		expect((await status()).body).toEqual({ isAttachmentAllowed: true });

		expect((await call(url, 'POST', '/testdata/attachment/revoke', { json: { nip: sim.nip } })).status).toBe(200);
		const pending = (await status()).body;
		expect(pending.isAttachmentAllowed).toBe(true);
		expect(Date.parse(pending.revokedDate ?? '')).toBeGreaterThan(Date.now());

		expect((await call(url, 'POST', '/testdata/attachment/revoke', { json: { nip: sim.nip, expectedEndDate: '2020-01-01' } })).status).toBe(200);
		expect((await status()).body).toEqual({ isAttachmentAllowed: false, revokedDate: '2020-01-01T23:59:59.000Z' });
	});

	it('creates and removes subjects and persons (30001 for a duplicate); /testdata/permissions answers 500', async () => {
		const subject = { subjectNip: '7762811692', subjectType: 'VatGroup', description: 'Grupa VAT', subunits: [{ subjectNip: '1111111111', description: 'Członek' }] };
		expect((await call(url, 'POST', '/testdata/subject', { json: subject })).status).toBe(200);
		const duplicate = await call(url, 'POST', '/testdata/subject', { json: subject });
		expect([duplicate.status, exceptionCode(duplicate.body)]).toEqual([400, 30001]);
		expect((await call(url, 'POST', '/testdata/subject/remove', { json: { subjectNip: '7762811692' } })).status).toBe(200);
		expect((await call(url, 'POST', '/testdata/subject', { json: { ...subject, subunits: [] } })).status).toBe(200);

		const person = { nip: '8126178616', pesel: '15062788702', isBailiff: false, description: 'Jan Testowy' };
		expect((await call(url, 'POST', '/testdata/person', { json: person })).status).toBe(200);
		expect(exceptionCode((await call(url, 'POST', '/testdata/person', { json: person })).body)).toBe(30001);
		expect((await call(url, 'POST', '/testdata/person/remove', { json: { nip: person.nip } })).status).toBe(200);

		const grant = {
			contextIdentifier: { type: 'Nip', value: sim.nip },
			authorizedIdentifier: { type: 'Nip', value: '7762811692' },
			permissions: [{ description: 'Opis testowy', permissionType: 'InvoiceRead' }],
		};
		expect((await call(url, 'POST', '/testdata/permissions', { json: grant })).status).toBe(500);
	});

	it('a blocked context authenticates with 480 until unblocked', async () => {
		const context = { contextIdentifier: { type: 'Nip', value: second.nip } };
		expect((await call(url, 'POST', '/testdata/context/block', { json: context })).status).toBe(200);
		const init = await startAuthentication(url, second.token, second.nip);
		const { status } = await waitForAuthentication(url, init.body.referenceNumber, init.body.authenticationToken.token);
		expect(status.code).toBe(480);
		expect((await call(url, 'POST', '/testdata/context/unblock', { json: context })).status).toBe(200);
		await expect(authenticate(url, second.token, second.nip)).resolves.toHaveProperty('accessToken');
	});
});
