import { ksefNumberProblem } from '../../src/domain/ksefNumber';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const invoice = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('LIM') });

describe('Send Invoice within the online session limit', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('sends more invoices than one session may take through consecutive sessions, each with its own result', async () => {
		const client = clientFor(sim);
		// As TEST allows: lower this context's online limit to 2 invoices per session.
		const limits = { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 2 };
		await client.api.json({ method: 'POST', path: '/testdata/limits/context/session', json: { onlineSession: limits, batchSession: limits } });
		const before = sim.simulator.requestLog.length;
		const outcomes = await client.sendInvoices(Array.from({ length: 5 }, () => ({ xml: invoice() })));

		expect(outcomes.map((o) => [o.index, o.outcome])).toEqual([0, 1, 2, 3, 4].map((i) => [i, 'accepted']));
		for (const outcome of outcomes) expect(ksefNumberProblem(outcome.ksefNumber ?? '')).toBeUndefined();
		const sessions = outcomes.map((o) => o.sessionReferenceNumber);
		expect(new Set(sessions).size).toBe(3);
		expect(sessions[0]).toBe(sessions[1]);
		expect(sessions[2]).toBe(sessions[3]);
		const calls = callsSince(sim, before);
		expect(calls.filter((c) => c === 'POST /sessions/online')).toHaveLength(3);
		expect(calls.filter((c) => c === 'POST /sessions/online/{referenceNumber}/close')).toHaveLength(3);
		await client.api.json({ method: 'DELETE', path: '/testdata/limits/context/session' });
	});

	it('uses one session when the invoices fit, and asks for the limit only when there is more than one', async () => {
		const before = sim.simulator.requestLog.length;
		const outcomes = await clientFor(sim).sendInvoices([{ xml: invoice() }, { xml: invoice() }]);
		expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
		expect(callsSince(sim, before).filter((c) => c === 'POST /sessions/online')).toHaveLength(1);
		expect(callsSince(sim, before).filter((c) => c === 'GET /limits/context')).toHaveLength(1);

		const single = sim.simulator.requestLog.length;
		expect((await clientFor(sim).sendInvoices([{ xml: invoice() }]))[0].outcome).toBe('accepted');
		expect(callsSince(sim, single).filter((c) => c === 'GET /limits/context')).toHaveLength(0);
	});
});
