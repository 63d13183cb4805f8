import type { InvoiceOutcome, InvoiceQueryFilters } from '../../src';
import type { ExportProgress } from '../../src/invoices/exportJob';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('exportInvoices against the simulator', () => {
	let sim: RunningSimulator;
	let sent: InvoiceOutcome[];
	let xmls: Buffer[];
	const from = new Date(Date.now() - 60 * 60_000).toISOString();
	const filters: InvoiceQueryFilters = { subjectType: 'Subject1', dateRange: { dateType: 'PermanentStorage', from } };

	beforeAll(async () => {
		// A cap of 5 per package forces the export to follow isTruncated through several packages.
		sim = await startSimulator({ limits: { maxQueryResults: 5, exportPartSizeBytes: 4096 } });
		xmls = Array.from({ length: 12 }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('E') }));
		sent = await clientFor(sim).sendInvoices(xmls.map((xml) => ({ xml })), { concurrency: 4 });
		expect(sent.every((outcome) => outcome.outcome === 'accepted')).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('returns every invoice of the range exactly once, byte for byte, with its metadata, across truncated packages', async () => {
		const progress: ExportProgress[] = [];
		const before = sim.simulator.requestLog.length;
		const exported = [];
		for await (const invoice of clientFor(sim).exportInvoices(filters, { onProgress: (p) => progress.push(p) })) exported.push(invoice);
		expect(exported.map((e) => e.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		for (const [i, outcome] of sent.entries()) {
			const invoice = exported.find((e) => e.ksefNumber === outcome.ksefNumber);
			expect(invoice?.xml.equals(xmls[i])).toBe(true);
			expect(invoice?.metadata?.invoiceNumber).toBe(outcome.invoiceNumber);
		}
		const packages = callsSince(sim, before).filter((call) => call === 'POST /invoices/exports').length;
		expect(packages).toBeGreaterThanOrEqual(3);
		expect(progress.map((p) => p.statusCode)).toContain(100);
		expect(progress.map((p) => p.statusCode)).toContain(200);
	});

	it('stops early when the consumer has enough, removing its temporary files', async () => {
		const taken = [];
		for await (const invoice of clientFor(sim).exportInvoices(filters)) {
			taken.push(invoice);
			if (taken.length === 2) break;
		}
		expect(taken).toHaveLength(2);
	});

	it('waits for a free slot when KSeF runs too many exports (21182) instead of failing', async () => {
		const { limits } = sim.simulator.options;
		limits.maxConcurrentExports = 0;
		const progress: number[] = [];
		const client = clientFor(sim, {
			sleep: async (ms) => {
				limits.maxConcurrentExports = 10;
				await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 100)));
			},
		});
		const exported = [];
		for await (const invoice of client.exportInvoices({ ...filters, invoiceNumber: sent[0].invoiceNumber }, { onProgress: (p) => progress.push(p.statusCode) })) exported.push(invoice);
		expect(exported.map((e) => e.ksefNumber)).toEqual([sent[0].ksefNumber]);
		expect(progress[0]).toBe(21182);
	});
});
