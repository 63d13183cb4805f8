/** Batch Send's client under the faults of issue 11: items never `failed` once KSeF may hold the invoices. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '../simulator';
import type { FaultRule } from '../simulator/options';
import { batchOf } from '../support/batchInvoices';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const CLOSE = { method: 'POST', path: '/sessions/batch/{referenceNumber}/close' };
const OPEN = { method: 'POST', path: '/sessions/batch' };
const invoices = (n: number) => Array.from({ length: n }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('BF') }));

async function withSimulator(overrides: Parameters<typeof startSimulator>[0], test: (sim: RunningSimulator) => Promise<void>): Promise<void> {
	const sim = await startSimulator(overrides);
	try {
		await test(sim);
		expectSpecCompliance(sim);
	} finally {
		await sim.stop();
	}
}

const accepted = (sim: RunningSimulator) => Object.values(sim.simulator.state.invoices).filter((i) => i.finalStatus.code === 200).length;

describe('batch sessions under faults', () => {
	it.each([
		['lost', { kind: 'lostAnswer' }],
		['replaced by a 503 after KSeF closed the session', { kind: 'statusAfter', status: 503 }],
	] as Array<[string, FaultRule['fault']]>)('a close whose answer is %s: the session status decides, every invoice accepted', async (_, kind) => {
		await withSimulator({ faults: [{ match: CLOSE, fault: kind, times: 1 }] }, async (sim) => {
			const { outcomes } = await clientFor(sim).sendBatch(batchOf(invoices(5)), { maxWaitMs: 30_000 });
			expect(outcomes.map((o) => o.outcome)).toEqual(Array(5).fill('accepted'));
			expect(accepted(sim)).toBe(5);
		});
	});

	it('Max Wait is for KSeF’s processing: a slow upload does not use it up', async () => {
		await withSimulator({ faults: [{ match: { method: 'PUT', path: 'upload' }, fault: { kind: 'slow', delayMs: 2_500 }, times: 1 }] }, async (sim) => {
			const { outcomes } = await clientFor(sim).sendBatch(batchOf(invoices(3)), { maxWaitMs: 2_000 });
			expect(outcomes.map((o) => o.outcome)).toEqual(Array(3).fill('accepted'));
			expect(sim.simulator.injected.slow).toBe(1);
		});
	});

	it('a close that fails and whose status cannot be read leaves the items pending with the session, not failed', async () => {
		const faults: FaultRule[] = [
			{ match: CLOSE, fault: { kind: 'statusAfter', status: 500 }, times: 1 },
			{ match: { method: 'GET', path: '/sessions/{referenceNumber}' }, fault: { kind: 'status', status: 503 } },
		];
		await withSimulator({ faults }, async (sim) => {
			const { outcomes } = await clientFor(sim, { retry: { baseDelayMs: 10, maxDelayMs: 20 } }).sendBatch(batchOf(invoices(3)), { maxWaitMs: 1_500 });
			for (const outcome of outcomes) {
				expect(outcome).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String), invoiceHash: expect.any(String) });
				expect(outcome.problem).toMatch(/Check Status/);
			}
		});
	});

	it('an open whose answer is lost: the orphan is named, the batch goes through a new session', async () => {
		await withSimulator({ faults: [{ match: OPEN, fault: { kind: 'lostAnswer' }, times: 1 }] }, async (sim) => {
			const { outcomes, sessions } = await clientFor(sim).sendBatch(batchOf(invoices(3)), { maxWaitMs: 30_000 });
			expect(outcomes.map((o) => o.outcome)).toEqual(Array(3).fill('accepted'));
			expect(sessions[0].orphans).toHaveLength(1);
			expect(outcomes[0].warning).toContain(sessions[0].orphans[0]);
		});
	});

	it('after a key rotation the parts are kept and the AES key is wrapped with the new key', async () => {
		await withSimulator({}, async (sim) => {
			const client = clientFor(sim);
			await client.sendBatch(batchOf(invoices(1)), { maxWaitMs: 30_000 });
			sim.simulator.rotateKeys();
			const { outcomes } = await client.sendBatch(batchOf(invoices(2)), { maxWaitMs: 30_000 });
			expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
		});
	});

	it('cancelling during the wait stops it, leaves the items pending with the session, and removes the temporary files', async () => {
		const tempDir = mkdtempSync(join(tmpdir(), 'ksef-cancel-'));
		try {
			await withSimulator({ delays: { prolonged150Ms: 60_000 } }, async (sim) => {
				const controller = new AbortController();
				const started = Date.now();
				const { outcomes } = await clientFor(sim, { signal: controller.signal }).sendBatch(batchOf(invoices(3)), {
					maxWaitMs: 60_000,
					tempDir,
					onPhase: (phase) => phase.phase === 'closed' && setTimeout(() => controller.abort(), 300),
				});
				expect(Date.now() - started).toBeLessThan(10_000);
				for (const outcome of outcomes) expect(outcome).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String) });
				expect(readdirSync(tempDir)).toEqual([]);
			});
		} finally {
			rmSync(tempDir, { recursive: true, force: true });
		}
	});

	it('cancelled before the close: failed (KSeF processes nothing), temporary files removed', async () => {
		const tempDir = mkdtempSync(join(tmpdir(), 'ksef-cancel-'));
		try {
			await withSimulator({}, async (sim) => {
				const controller = new AbortController();
				const { outcomes } = await clientFor(sim, { signal: controller.signal }).sendBatch(batchOf(invoices(2)), {
					tempDir,
					onPhase: (phase) => phase.phase === 'spooled' && controller.abort(),
				});
				expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
				expect(accepted(sim)).toBe(0);
				expect(readdirSync(tempDir)).toEqual([]);
			});
		} finally {
			rmSync(tempDir, { recursive: true, force: true });
		}
	});
});

describe('batch invoices KSeF cancels (550)', () => {
	it('go again in a new session, as 550 asks, and end accepted', async () => {
		await withSimulator({ batchCancellations: 2 }, async (sim) => {
			const { outcomes, sessions } = await clientFor(sim).sendBatch(batchOf(invoices(4)), { maxWaitMs: 30_000 });
			expect(outcomes.map((o) => o.outcome)).toEqual(Array(4).fill('accepted'));
			expect(sessions).toHaveLength(2);
			expect(sessions[1].invoiceCount).toBe(2);
			expect(accepted(sim)).toBe(4);
		});
	});
});
