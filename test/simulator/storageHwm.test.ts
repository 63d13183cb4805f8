import type { InvoicePackage, InvoiceQueryFilters, QueryInvoicesMetadataResponse } from '../../src/api/schemas';
import { KsefApiError } from '../../src/errors/KsefError';
import { startExport, waitForPackage } from '../../src/invoices/exportJob';
import { createSessionEncryption } from '../../src/sessions/sessionEncryption';
import type { RunningSimulator } from './index';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, raiseRateLimits, startSimulator } from '../support/simulatorClient';

/**
 * permanentStorageHwmDate and isTruncated as openapi.json describes them: a string for PermanentStorage (the same on
 * every page of a query; the range's own end for a range that ends before it), null for Issue and Invoicing; the
 * package's last*Date only when it was cut, and only the one of the filter's date type.
 */
describe('the simulator’s permanentStorageHwmDate and isTruncated', () => {
	let sim: RunningSimulator;
	let start: number;
	let sent: string[];
	beforeAll(async () => {
		sim = await startSimulator();
		await raiseRateLimits(clientFor(sim), ['invoiceMetadata', 'invoiceExport', 'invoiceSend', 'onlineSession']);
		start = Date.now();
		const outcomes = await clientFor(sim).sendInvoices(Array.from({ length: 12 }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('HW') }) })), { concurrency: 4 });
		sent = outcomes.map((o) => String(o.ksefNumber));
		await new Promise((resolve) => setTimeout(resolve, 900));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const filters = (dateRange: Partial<InvoiceQueryFilters['dateRange']> = {}): InvoiceQueryFilters => ({
		subjectType: 'Subject1',
		dateRange: { dateType: 'PermanentStorage', from: new Date(start - 1_000).toISOString(), ...dateRange },
	});
	const page = async (body: InvoiceQueryFilters, pageOffset = 0, pageSize = 10) =>
		(await clientFor(sim).api.json<QueryInvoicesMetadataResponse>({ method: 'POST', path: '/invoices/query/metadata', query: { sortOrder: 'Asc', pageOffset, pageSize }, json: body })).body;
	const exportPackage = async (body: InvoiceQueryFilters): Promise<InvoicePackage> => {
		const api = clientFor(sim).api;
		const encryption = await createSessionEncryption(api.http);
		const job = { sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), maxWaitMs: 60_000 };
		const pack = await waitForPackage(api, await startExport(api, body, encryption, job), body, job);
		if (pack === 'beyondHwm') throw new Error('unexpected 420');
		return pack;
	};

	it('metadata query: the HWM is a date-time at or before now, the same on every page; the range’s end when it ends earlier', async () => {
		const first = await page(filters());
		const second = await page(filters(), 1);
		expect(first).toMatchObject({ hasMore: true, isTruncated: false });
		expect(second).toMatchObject({ hasMore: false, isTruncated: false });
		expect(first.permanentStorageHwmDate).toEqual(expect.any(String));
		expect(second.permanentStorageHwmDate).toBe(first.permanentStorageHwmDate);
		expect(Date.parse(String(first.permanentStorageHwmDate))).toBeLessThanOrEqual(Date.now());
		const end = new Date(start + 200).toISOString();
		expect(Date.parse(String((await page(filters({ to: end }))).permanentStorageHwmDate))).toBe(Date.parse(end));
	});

	it('metadata query: null for Issue and Invoicing dates; 21183 for a restricted range starting past the HWM', async () => {
		expect(await page(filters({ dateType: 'Invoicing' }))).toMatchObject({ permanentStorageHwmDate: null });
		expect(await page(filters({ dateType: 'Issue', from: '2026-02-15T00:00:00+01:00', to: '2026-02-16T00:00:00+01:00' }))).toMatchObject({ permanentStorageHwmDate: null });
		const future = filters({ from: new Date(Date.now() + 60_000).toISOString(), restrictToPermanentStorageHwmDate: true });
		await expect(page(future)).rejects.toMatchObject({ constructor: KsefApiError, exceptionCode: 21183 });
	});

	it('metadata query: isTruncated on the page that reaches the result cap', async () => {
		const { limits } = sim.simulator.options;
		limits.maxQueryResults = 10;
		try {
			expect(await page(filters())).toMatchObject({ hasMore: true, isTruncated: true });
		} finally {
			limits.maxQueryResults = 10_000;
		}
	});

	it('export package: the HWM for PermanentStorage; a cut package names its last date of the filter’s date type only', async () => {
		const whole = await exportPackage(filters());
		expect(whole).toMatchObject({ invoiceCount: sent.length, isTruncated: false, permanentStorageHwmDate: expect.any(String) });
		expect(whole.lastPermanentStorageDate).toBeUndefined();
		const { limits } = sim.simulator.options;
		limits.maxQueryResults = 5;
		try {
			const cut = await exportPackage(filters());
			expect(cut).toMatchObject({ invoiceCount: 5, isTruncated: true, lastPermanentStorageDate: expect.any(String), permanentStorageHwmDate: expect.any(String) });
			const byInvoicing = await exportPackage(filters({ dateType: 'Invoicing' }));
			expect(byInvoicing).toMatchObject({ isTruncated: true, lastInvoicingDate: expect.any(String), permanentStorageHwmDate: null });
			expect(byInvoicing.lastPermanentStorageDate).toBeUndefined();
		} finally {
			limits.maxQueryResults = 10_000;
		}
	});
});
