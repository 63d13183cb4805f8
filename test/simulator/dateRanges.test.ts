import type { InvoiceQueryFilters } from '../../src';
import { toWarsawIso } from '../../src/util/warsawTime';
import type { RunningSimulator } from './index';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

/** `ms` as a date-time without an offset, in Warsaw wall-clock time or in UTC wall-clock time. */
const warsawWall = (ms: number) => toWarsawIso(ms).slice(0, 19);
const utcWall = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe('date ranges without an offset (the spec: "interpreted as Europe/Warsaw local time")', () => {
	let sim: RunningSimulator;
	let ksefNumber: string;
	let storedMs: number;
	beforeAll(async () => {
		sim = await startSimulator();
		const [sent] = await clientFor(sim).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TZ') }) }]);
		ksefNumber = String(sent.ksefNumber);
		await new Promise((resolve) => setTimeout(resolve, 700));
		storedMs = Date.parse(String(sent.permanentStorageDate ?? sent.acquisitionDate));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const range = (from: string, to: string): InvoiceQueryFilters => ({ subjectType: 'Subject1', dateRange: { dateType: 'Invoicing', from, to } });
	const query = async (filters: InvoiceQueryFilters) => {
		const found: string[] = [];
		for await (const invoice of clientFor(sim).queryInvoiceMetadata(filters)) found.push(invoice.ksefNumber);
		return found;
	};

	it('accepts them in metadata queries and reads them as Warsaw time', async () => {
		const hour = 3_600_000;
		expect(await query(range(warsawWall(storedMs - hour), warsawWall(storedMs + 30 * 60_000)))).toEqual([ksefNumber]);
		// The same wall-clock digits in UTC end 1-2 hours earlier in Warsaw time, before the invoice.
		expect(await query(range(warsawWall(storedMs - 3 * hour), utcWall(storedMs - 30 * 60_000)))).toEqual([]);
	});

	it('accepts them in exports', async () => {
		const exported: string[] = [];
		for await (const invoice of clientFor(sim).exportInvoices(range(warsawWall(storedMs - 3_600_000), warsawWall(storedMs + 60_000)))) exported.push(String(invoice.metadata?.ksefNumber));
		expect(exported).toEqual([ksefNumber]);
	});
});
