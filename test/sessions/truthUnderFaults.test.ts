/** Send Invoice's client under the faults of issue 11: every outcome must match what the simulator holds. */
import { KsefError } from '../../src';
import type { RunningSimulator } from '../simulator';
import type { FaultRule } from '../simulator/options';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const SEND = { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' };
const CLOSE = { method: 'POST', path: '/sessions/online/{referenceNumber}/close' };
const OPEN = { method: 'POST', path: '/sessions/online' };
const invoice = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TF') });

async function withSimulator(overrides: Parameters<typeof startSimulator>[0], test: (sim: RunningSimulator) => Promise<void>): Promise<void> {
	// Fault tests stub sleeps to milliseconds, which would trip PRD's per-second limits (the simulator's default).
	const sim = await startSimulator({ rateLimits: { enabled: false }, ...overrides });
	try {
		await test(sim);
		expectSpecCompliance(sim);
	} finally {
		await sim.stop();
	}
}

/** What KSeF holds: accepted invoices and their numbers, and sessions still open. */
function held(sim: RunningSimulator) {
	const invoices = Object.values(sim.simulator.state.invoices);
	return {
		ksefNumbers: invoices.filter((i) => i.finalStatus.code === 200).map((i) => String(i.ksefNumber)),
		openSessions: Object.values(sim.simulator.state.sessions).filter((s) => !s.closed).map((s) => s.referenceNumber),
	};
}

const fault = (match: FaultRule['match'], kind: FaultRule['fault'], times = 1, skip = 0): FaultRule => ({ match, fault: kind, times, skip });

describe('online sends under faults', () => {
	it('a send whose answer is lost while the list lags is found (the latest record) and accepted, with one KSeF number', async () => {
		await withSimulator({ faults: [fault(SEND, { kind: 'lostAnswer' })], delays: { sessionInvoiceListLagMs: 1_200 } }, async (sim) => {
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }]);
			expect(outcome).toMatchObject({ outcome: 'accepted' });
			expect(held(sim).ksefNumbers).toEqual([outcome.ksefNumber]);
			expect(held(sim).openSessions).toEqual([]);
			expect(sim.simulator.injected.lostAnswer).toBe(1);
		});
	});

	it('when the list lags longer than the lookups, the resend’s 440 resolves to the first attempt: accepted, not duplicate', async () => {
		await withSimulator({ faults: [fault(SEND, { kind: 'lostAnswer' })], delays: { sessionInvoiceListLagMs: 60_000 } }, async (sim) => {
			const fast = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 50)));
			const [outcome] = await clientFor(sim, { sleep: fast }).sendInvoices([{ xml: invoice() }], { maxWaitMs: 20_000 });
			expect(outcome.outcome).toBe('accepted');
			expect(held(sim).ksefNumbers).toEqual([outcome.ksefNumber]);
			expect(outcome.warning).toMatch(/duplicate \(440\)/);
			// KSeF took the invoice in twice; one number, the other record refused as its duplicate.
			expect(Object.keys(sim.simulator.state.invoices)).toHaveLength(2);
		});
	});

	it('a resend refused with a long 429 after the first answer was lost is pending, not failed: KSeF may hold the first', async () => {
		const rateLimited = { kind: 'status' as const, status: 429 as const, retryAfterSeconds: 200 };
		await withSimulator({ faults: [fault(SEND, { kind: 'lostAnswer' }), fault(SEND, rateLimited)], delays: { sessionInvoiceListLagMs: 60_000 } }, async (sim) => {
			const fast = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 20)));
			const xml = invoice();
			const [outcome] = await clientFor(sim, { sleep: fast }).sendInvoices([{ xml }], { maxWaitMs: 3_000 });
			expect(outcome).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String), invoiceHash: expect.any(String) });
			expect(outcome.problem).toMatch(/429|rate|limit/i);
			expect(sim.simulator.injected).toMatchObject({ lostAnswer: 1 });
			// KSeF took the first attempt in.
			expect(Object.values(sim.simulator.state.invoices).map((i) => i.invoiceHash)).toEqual([outcome.invoiceHash]);
		});
	});

	it('the same invoice twice in one input stays a duplicate of the other item', async () => {
		await withSimulator({}, async (sim) => {
			const xml = invoice();
			const outcomes = await clientFor(sim).sendInvoices([{ xml }, { xml }], { concurrency: 1 });
			expect(outcomes.map((o) => o.outcome).sort()).toEqual(['accepted', 'duplicate']);
		});
	});

	it('a 5xx after KSeF took the invoice in is not a failure either', async () => {
		await withSimulator({ faults: [fault(SEND, { kind: 'statusAfter', status: 502 }, 2)] }, async (sim) => {
			const outcomes = await clientFor(sim).sendInvoices([{ xml: invoice() }, { xml: invoice() }, { xml: invoice() }]);
			expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
			expect(held(sim).ksefNumbers.sort()).toEqual(outcomes.map((o) => String(o.ksefNumber)).sort());
		});
	});

	it('status reads failing for the whole wait leave the invoices pending with every reference and the reason', async () => {
		const reads: FaultRule[] = [
			{ match: { method: 'GET', path: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}' }, fault: { kind: 'status', status: 503 } },
			{ match: { method: 'GET', path: '/sessions/{referenceNumber}/invoices' }, fault: { kind: 'status', status: 503 } },
		];
		await withSimulator({ faults: reads }, async (sim) => {
			const outcomes = await clientFor(sim, { retry: { baseDelayMs: 20, maxDelayMs: 50 } }).sendInvoices([{ xml: invoice() }, { xml: invoice() }], {
				maxWaitMs: 1_500,
				poll: { initialDelayMs: 100 },
			});
			for (const outcome of outcomes) {
				expect(outcome).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String), invoiceReferenceNumber: expect.any(String), invoiceHash: expect.any(String) });
				expect(outcome.problem).toMatch(/503.*Check Status/);
			}
		});
	});

	it('a Retry-After longer than the wait ends it at once as pending, not as an error', async () => {
		const reads: FaultRule[] = [{ match: { method: 'GET', path: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}' }, fault: { kind: 'status', status: 429, retryAfterSeconds: 600 } }];
		await withSimulator({ faults: reads }, async (sim) => {
			const started = Date.now();
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }], { maxWaitMs: 30_000 });
			expect(Date.now() - started).toBeLessThan(10_000);
			expect(outcome).toMatchObject({ outcome: 'pending', invoiceReferenceNumber: expect.any(String) });
			expect(outcome.problem).toMatch(/429/);
		});
	});

	it('a close whose answer is lost (or replaced by a 5xx) is settled by the session status: no warning, session closed', async () => {
		for (const kind of [{ kind: 'lostAnswer' as const }, { kind: 'statusAfter' as const, status: 500 as const }]) {
			await withSimulator({ faults: [fault(CLOSE, kind)] }, async (sim) => {
				const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }]);
				expect(outcome.outcome).toBe('accepted');
				expect(outcome.warning).toBeUndefined();
				expect(held(sim).openSessions).toEqual([]);
			});
		}
	});

	it('a close that keeps failing is reported on the items, which keep their outcome', async () => {
		await withSimulator({ faults: [{ match: CLOSE, fault: { kind: 'status', status: 503 } }] }, async (sim) => {
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }]);
			expect(outcome.outcome).toBe('accepted');
			expect(outcome.warning).toMatch(/could not be closed/);
		});
	});

	it('an open whose answer is lost: the orphan session is named (never closed: it may be another worker’s), the invoices go through a new one', async () => {
		await withSimulator({ faults: [fault(OPEN, { kind: 'lostAnswer' })] }, async (sim) => {
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }]);
			expect(outcome.outcome).toBe('accepted');
			const [orphan] = held(sim).openSessions;
			expect(held(sim).openSessions).toHaveLength(1);
			expect(orphan).not.toBe(outcome.sessionReferenceNumber);
			expect(outcome.warning).toContain(orphan);
			expect(outcome.warning).toMatch(/no invoice of this execution went there/);
			expect(Object.keys(sim.simulator.state.sessions)).toHaveLength(2);
		});
	});

	it('after KSeF rotates its keys, opening a session fetches the certificates again (21470) and succeeds', async () => {
		await withSimulator({}, async (sim) => {
			const client = clientFor(sim);
			await client.sendInvoices([{ xml: invoice() }]);
			sim.simulator.rotateKeys();
			const [outcome] = await client.sendInvoices([{ xml: invoice() }]);
			expect(outcome.outcome).toBe('accepted');
			expect(sim.simulator.requestLog.filter((entry) => entry.template === '/sessions/online' && entry.status === 400)).toHaveLength(1);
		});
	});

	it('access tokens dying before their validUntil are replaced without losing an invoice', async () => {
		await withSimulator({ tokens: { accessTokenTtlMs: 120_000, accessTokenEarlyExpiryMs: 119_800 } }, async (sim) => {
			const outcomes = await clientFor(sim).sendInvoices([{ xml: invoice() }, { xml: invoice() }], { concurrency: 1 });
			expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
			expect(sim.simulator.injected.earlyExpiry).toBeGreaterThan(0);
		});
	});

	it('cancelling stops polling at once, still closes the session, and leaves sent invoices pending with references', async () => {
		await withSimulator({ delays: { prolonged150Ms: 60_000 } }, async (sim) => {
			const controller = new AbortController();
			const client = clientFor(sim, { signal: controller.signal });
			const started = Date.now();
			setTimeout(() => controller.abort(), 1_500);
			const outcomes = await client.sendInvoices([{ xml: invoice() }, { xml: invoice() }], { maxWaitMs: 60_000 });
			expect(Date.now() - started).toBeLessThan(5_000);
			for (const outcome of outcomes) expect(outcome).toMatchObject({ outcome: 'pending', invoiceReferenceNumber: expect.any(String) });
			expect(held(sim).openSessions).toEqual([]);
		});
	});

	it('cancelled before anything was sent: the invoices are failed (KSeF holds nothing), the session closed', async () => {
		await withSimulator({}, async (sim) => {
			const controller = new AbortController();
			const client = clientFor(sim, { signal: controller.signal });
			const outcomes = await client.sendInvoices([{ xml: invoice() }], { onSessionOpened: () => controller.abort() });
			expect(outcomes[0].outcome).toBe('failed');
			expect(outcomes[0].error).toBeInstanceOf(KsefError);
			expect(held(sim)).toEqual({ ksefNumbers: [], openSessions: [] });
		});
	});
});

describe('rate limits on sends', () => {
	it('a send refused with a Retry-After beyond the client’s cap is waited out within Max Wait', async () => {
		await withSimulator({ faults: [fault(SEND, { kind: 'status', status: 429, retryAfterSeconds: 200 })] }, async (sim) => {
			const waits: number[] = [];
			const sleep = (ms: number) => {
				waits.push(ms);
				return new Promise<void>((resolve) => setTimeout(resolve, 10));
			};
			const [outcome] = await clientFor(sim, { sleep }).sendInvoices([{ xml: invoice() }], { maxWaitMs: 300_000 });
			expect(outcome.outcome).toBe('accepted');
			expect(waits).toContain(200_000);
		});
	});

	it('beyond Max Wait the invoice is failed, truthfully: KSeF refused it before taking it in', async () => {
		await withSimulator({ faults: [fault(SEND, { kind: 'status', status: 429, retryAfterSeconds: 200 })] }, async (sim) => {
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }], { maxWaitMs: 10_000 });
			expect(outcome.outcome).toBe('failed');
			expect(held(sim).ksefNumbers).toEqual([]);
		});
	});
});

describe('consecutive sessions under faults', () => {
	it('a later session that cannot be opened fails only its own invoices; the earlier session’s keep their KSeF numbers', async () => {
		const unavailable = { kind: 'status' as const, status: 503 as const };
		await withSimulator({ faults: [fault(OPEN, unavailable, 10, 1)] }, async (sim) => {
			const client = clientFor(sim, { sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 20))) });
			const limits = { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 2 };
			await client.api.json({ method: 'POST', path: '/testdata/limits/context/session', json: { onlineSession: limits, batchSession: limits } });
			const outcomes = await client.sendInvoices(Array.from({ length: 4 }, () => ({ xml: invoice() })));
			expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'failed', 'failed']);
			expect(held(sim).ksefNumbers.sort()).toEqual([outcomes[0].ksefNumber, outcomes[1].ksefNumber].sort());
			expect(outcomes[2].error?.message).toMatch(/503|unavailable|opened/i);
		});
	});
});
