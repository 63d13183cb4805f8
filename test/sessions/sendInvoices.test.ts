import { ksefNumberProblem } from '../../src/domain/ksefNumber';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const invoice = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('ONL') });

describe('sending invoices through one online session', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator({
			processingCancellations: 1,
			faults: [
				{ match: { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' }, fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, skip: 3, times: 1 },
			],
		});
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('gives every invoice a valid KSeF number, in input order, with one session opened and closed', async () => {
		const client = clientFor(sim);
		await client.api.tokens.get();
		const before = sim.simulator.requestLog.length;
		const xmls = [invoice(), invoice(), invoice()];
		const outcomes = await client.sendInvoices(xmls.map((xml) => ({ xml })));
		expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2]);
		for (const outcome of outcomes) expect(ksefNumberProblem(outcome.ksefNumber ?? '')).toBeUndefined();
		const calls = callsSince(sim, before);
		expect(calls.filter((c) => c === 'POST /sessions/online')).toHaveLength(1);
		expect(calls.filter((c) => c === 'POST /sessions/online/{referenceNumber}/close')).toHaveLength(1);

		// What KSeF stores is byte for byte what was sent.
		const stored = await client.api.bytes({ method: 'GET', path: `/invoices/ksef/${outcomes[1].ksefNumber}` });
		expect(stored.body.equals(xmls[1])).toBe(true);
	});

	it('reports a duplicate with the original KSeF number instead of failing', async () => {
		const client = clientFor(sim);
		const xml = invoice();
		const [first] = await client.sendInvoices([{ xml }]);
		const [second] = await client.sendInvoices([{ xml }]);
		expect(first.outcome).toBe('accepted');
		expect(second).toMatchObject({ outcome: 'duplicate', originalKsefNumber: first.ksefNumber, originalSessionReferenceNumber: first.sessionReferenceNumber });
		expect(second.status?.code).toBe(440);
	});

	it('sends again what KSeF cancelled (550) and waits out a 429', async () => {
		// The simulator cancels the first invoice it processes (processingCancellations: 1); the 429 was already
		// served by an earlier send in this file, which succeeded after waiting Retry-After.
		const fresh = await startSimulator({ processingCancellations: 1 });
		try {
			const [outcome] = await clientFor(fresh).sendInvoices([{ xml: invoice() }]);
			expect(outcome.outcome).toBe('accepted');
			expect(callsSince(fresh, 0).filter((c) => c === 'POST /sessions/online/{referenceNumber}/invoices')).toHaveLength(2);
			expectSpecCompliance(fresh);
		} finally {
			await fresh.stop();
		}
		expect(sim.simulator.requestLog.some((entry) => entry.status === 429)).toBe(true);
	});

	it('after a connection reset mid-send, finds the invoice instead of sending it twice', async () => {
		const flaky = await startSimulator({
			faults: [{ match: { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' }, fault: { kind: 'reset' }, times: 1 }],
		});
		try {
			const [outcome] = await clientFor(flaky).sendInvoices([{ xml: invoice() }]);
			expect(outcome.outcome).toBe('accepted');
			const sessions = Object.values(flaky.simulator.state.sessions);
			expect(sessions).toHaveLength(1);
			// The reset happened before the simulator registered anything, so exactly one resend, one invoice.
			expect(sessions[0].invoiceReferenceNumbers).toHaveLength(1);
		} finally {
			await flaky.stop();
		}
	});

	it('returns references to check later when not waiting, and "pending" when the wait runs out', async () => {
		const slow = await startSimulator({ delays: { prolonged150Ms: 60_000 } });
		try {
			const client = clientFor(slow);
			const [notWaiting] = await client.sendInvoices([{ xml: invoice() }], { waitForProcessing: false });
			expect(notWaiting).toMatchObject({ outcome: 'pending' });
			expect(notWaiting.invoiceReferenceNumber).toHaveLength(36);
			const [waited] = await client.sendInvoices([{ xml: invoice() }], { maxWaitMs: 1_000, poll: { initialDelayMs: 100 } });
			expect(waited.outcome).toBe('pending');
			expect(waited.status?.code).toBe(150);
		} finally {
			await slow.stop();
		}
	});

	it('attaches each accepted invoice’s UPO when asked', async () => {
		const [outcome] = await clientFor(sim).sendInvoices([{ xml: invoice() }], { fetchUpo: true });
		expect(outcome.upo?.toString('utf8')).toContain(outcome.ksefNumber);
	});

	it('reports invoices KSeF rejects with its code and details', async () => {
		const foreign = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('FOR'), sellerNip: '5265877635' });
		const future = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('FUT'), issueDate: '2049-12-31' });
		const outcomes = await clientFor(sim).sendInvoices([{ xml: foreign }, { xml: future }]);
		expect(outcomes.map((o) => [o.outcome, o.status?.code])).toEqual([
			['rejected', 410],
			['rejected', 450],
		]);
		expect(outcomes[1].status?.details?.join(' ')).toMatch(/P_1/);
	});
});
