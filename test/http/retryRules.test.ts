import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('retry rules against the simulator', () => {
	it('a 503 on a read is retried; a 500 on opening a session is followed by a search for the orphan, then one more open', async () => {
		const sim = await startSimulator({
			faults: [
				{ match: { method: 'GET', path: '/sessions/{referenceNumber}' }, fault: { kind: 'status', status: 503 }, times: 1 },
				{ match: { method: 'POST', path: '/sessions/online' }, fault: { kind: 'status', status: 500 }, times: 1 },
			],
		});
		try {
			const client = clientFor(sim, { retry: { baseDelayMs: 10 } });
			await client.authenticate();
			const before = sim.simulator.requestLog.length;
			const [outcome] = await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('RR') }) }]);
			expect(outcome.outcome).toBe('accepted');
			const calls = callsSince(sim, before);
			expect(calls.filter((call) => call === 'POST /sessions/online')).toHaveLength(2);
			expect(calls).toContain('GET /sessions');
			// The 500 came before KSeF opened anything, so there is no orphan and exactly one session.
			expect(Object.keys(sim.simulator.state.sessions)).toHaveLength(1);
			expect(outcome.warning).toBeUndefined();

			const statusBefore = sim.simulator.requestLog.length;
			const status = await client.getSessionStatus(String(outcome.sessionReferenceNumber));
			expect(status.status.code).toBeGreaterThanOrEqual(100);
			expect(sim.simulator.requestLog.slice(statusBefore).map((entry) => entry.status)).toEqual([503, 200]);
			expectSpecCompliance(sim);
		} finally {
			await sim.stop();
		}
	});
});
