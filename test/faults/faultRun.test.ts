/**
 * The slice of `npm run faults` that runs in `npm test`: a few of the faults at 20 invoices, through the real
 * node code, audited against what the simulator holds. Every bold column of the table must be zero.
 */
import { runScenario } from '../../scripts/faults/runScenario';
import { scenarios, type Scenario } from '../../scripts/faults/scenarios';
import { markdownTable, violations } from '../../scripts/faults/table';

const SLICE: Array<[string, Scenario['node']]> = [
	['send answer lost (10%)', 'Send Invoice'],
	['send answer lost + invoice list lagging 3 s', 'Send Invoice'],
	['status reads down for the whole wait', 'Batch Send'],
	['close answer lost', 'Batch Send'],
	['open answer lost', 'Send Invoice'],
	['550 cancellations (10)', 'Batch Send'],
	['simulator restart mid-run', 'Batch Send'],
];

describe('the fault run (slice)', () => {
	it('reports every invoice truthfully under each fault: zeros in every bold column', async () => {
		const selected = scenarios(20)
			.filter((scenario) => SLICE.some(([fault, node]) => scenario.fault === fault && scenario.node === node))
			.map((scenario) => (scenario.fault.startsWith('status reads down') ? { ...scenario, options: { maxWaitSeconds: 3 } } : scenario));
		expect(selected).toHaveLength(SLICE.length);
		const results = [];
		for (const scenario of selected) results.push(await runScenario(scenario));
		const table = markdownTable(results);
		expect({ violations: violations(results).map((row) => `${row.node}: ${row.fault}`), table }).toEqual({ violations: [], table });
		// The faults really happened, and they did something: the assertions above are not vacuous.
		for (const result of results) expect(result.injections).toBeGreaterThan(0);
		const byFault = new Map(results.map((result) => [result.fault, result]));
		expect(byFault.get('status reads down for the whole wait')?.pending).toBe(20);
		expect(byFault.get('send answer lost (10%)')?.accepted).toBe(20);
	}, 170_000);
});

describe('the fault run’s audit', () => {
	it('catches an accepted invoice reported as failed, a missing item, a wrong KSeF number and a leaked token', async () => {
		const { start } = await import('../simulator');
		const { audit, secretsOf } = await import('../../scripts/faults/audit');
		const { clientFor } = await import('../support/simulatorClient');
		const { makeInvoice, uniqueInvoiceNumber } = await import('../support/invoices');
		const sim = await start({ port: 0 });
		try {
			const files = [1, 2, 3].map(() => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('AU') }));
			const outcomes = await clientFor(sim).sendInvoices(files.map((xml) => ({ xml })));
			expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
			const output = [
				{ json: { error: 'Sending failed', description: null }, pairedItem: { item: 0 } },
				{ json: { outcome: 'accepted', ksefNumber: outcomes[0].ksefNumber ?? null, note: sim.token }, pairedItem: { item: 1 } },
			];
			const row = audit(sim.simulator, files, output, secretsOf(sim.simulator, [sim.token]));
			expect(row).toMatchObject({ acceptedReportedFailed: 1, lost: 2, notExactlyOneOutput: 1, tokenLeaks: 1, issuedTwice: 0, ksefNumbers: 3 });
		} finally {
			await sim.stop();
		}
	});
});
