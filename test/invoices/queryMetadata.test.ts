import type { InvoiceMetadata, InvoiceOutcome, InvoiceQueryFilters } from '../../src';
import type { QueryPageEvent } from '../../src/invoices/queryMetadata';
import { defaultOptions } from '../simulator/options';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, raiseRateLimits, startSimulator } from '../support/simulatorClient';

const BUYER = { nip: '1111111111', token: '20260101-EC-BBBBBBBBBB-BBBBBBBBBB-BB|nip-1111111111|buyer' };
const THIRD = { nip: '3333333333', token: '20260101-EC-CCCCCCCCCC-CCCCCCCCCC-CC|nip-3333333333|third' };

async function collect(generator: AsyncGenerator<InvoiceMetadata>): Promise<InvoiceMetadata[]> {
	const all: InvoiceMetadata[] = [];
	for await (const invoice of generator) all.push(invoice);
	return all;
}

const numbers = (found: InvoiceMetadata[]) => found.map((m) => m.ksefNumber);
const sorted = (values: Array<string | undefined>) => [...values].sort();

describe('queryInvoiceMetadata against the simulator', () => {
	let sim: RunningSimulator;
	let sent: InvoiceOutcome[];
	const from = new Date(Date.now() - 60 * 60_000).toISOString();
	const since = (extra: Partial<InvoiceQueryFilters> = {}, dateType: InvoiceQueryFilters['dateRange']['dateType'] = 'Invoicing'): InvoiceQueryFilters => ({
		subjectType: 'Subject1',
		dateRange: { dateType, from },
		...extra,
	});

	beforeAll(async () => {
		sim = await startSimulator({ subjects: [...defaultOptions().subjects, BUYER, THIRD] });
		// PRD (and TEST) allow 20 metadata queries an hour; this suite makes more, so it raises the limit as TEST allows.
		await raiseRateLimits(clientFor(sim), ['invoiceMetadata']);
		const xmls = [
			...Array.from({ length: 22 }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('Q') })),
			makeInvoice({ invoiceNumber: uniqueInvoiceNumber('K'), template: 'FA_3_Przyklad_2.xml' }),
			makeInvoice({ invoiceNumber: uniqueInvoiceNumber('Z'), template: 'FA_3_Przyklad_10.xml' }),
			makeInvoice({ invoiceNumber: uniqueInvoiceNumber('J'), issueDate: '2026-01-10' }),
		];
		sent = await clientFor(sim).sendInvoices(xmls.map((xml) => ({ xml })), { concurrency: 6 });
		expect(sent.every((outcome) => outcome.outcome === 'accepted')).toBe(true);
		// Permanent storage trails acceptance a little in the simulator, as in KSeF.
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('Return All pages with pageOffset past the first page and returns each invoice once, oldest first', async () => {
		const pages: QueryPageEvent[] = [];
		const found = await collect(clientFor(sim).queryInvoiceMetadata(since(), { pageSize: 10, onPage: (page) => pages.push(page) }));
		expect(sorted(numbers(found))).toEqual(sorted(sent.map((o) => o.ksefNumber)));
		expect(new Set(numbers(found)).size).toBe(25);
		const dates = found.map((m) => Date.parse(m.invoicingDate));
		expect(dates).toEqual([...dates].sort((a, b) => a - b));
		expect(pages.map((page) => page.pageOffset)).toEqual([0, 1, 2]);
	});

	it('continues from the last record’s date when KSeF truncates the result, without repeating the boundary', async () => {
		const { limits } = sim.simulator.options;
		limits.maxQueryResults = 10;
		try {
			const pages: QueryPageEvent[] = [];
			const found = await collect(clientFor(sim).queryInvoiceMetadata(since(), { pageSize: 10, onPage: (page) => pages.push(page) }));
			expect(sorted(numbers(found))).toEqual(sorted(sent.map((o) => o.ksefNumber)));
			expect(pages.some((page) => page.isTruncated)).toBe(true);
			expect(pages.every((page) => page.pageOffset === 0)).toBe(true);
			expect(new Set(pages.map((page) => page.from)).size).toBeGreaterThanOrEqual(3);
		} finally {
			limits.maxQueryResults = 10_000;
		}
	});

	it('narrows by date at the result cap even when KSeF does not flag the truncation', async () => {
		const pages: QueryPageEvent[] = [];
		const found = await collect(clientFor(sim).queryInvoiceMetadata(since(), { pageSize: 10, resultCap: 10, onPage: (page) => pages.push(page) }));
		expect(pages.some((page) => page.isTruncated)).toBe(false);
		expect(new Set(numbers(found)).size).toBe(25);
		expect(found).toHaveLength(25);
	});

	it('splits a range longer than KSeF allows into windows and returns each invoice exactly once', async () => {
		const eightMonthsAgo = new Date(Date.now() - 240 * 24 * 3_600_000).toISOString();
		const pages: QueryPageEvent[] = [];
		const found = await collect(
			clientFor(sim).queryInvoiceMetadata({ ...since(), dateRange: { dateType: 'Invoicing', from: eightMonthsAgo } }, { onPage: (page) => pages.push(page) }),
		);
		expect(sorted(numbers(found))).toEqual(sorted(sent.map((o) => o.ksefNumber)));
		// 240 days in windows of at most 90: three requests, the last one open-ended ("up to now").
		expect(pages).toHaveLength(3);
		expect(pages[2].to).toBeUndefined();
	});

	it('Limit stops early, after a single request', async () => {
		const pages: QueryPageEvent[] = [];
		const found = await collect(clientFor(sim).queryInvoiceMetadata(since(), { limit: 5, onPage: (page) => pages.push(page) }));
		expect(found).toHaveLength(5);
		expect(pages).toHaveLength(1);
	});

	it('each filter family returns exactly the matching invoices', async () => {
		const client = clientFor(sim);
		const q = (extra: Partial<InvoiceQueryFilters>) => collect(client.queryInvoiceMetadata(since(extra)));
		const regular = sent.filter((_, i) => i < 22 || i === 24).map((o) => o.ksefNumber);
		expect(numbers(await q({ ksefNumber: sent[3].ksefNumber }))).toEqual([sent[3].ksefNumber]);
		expect(numbers(await q({ invoiceNumber: sent[5].invoiceNumber }))).toEqual([sent[5].ksefNumber]);
		expect(numbers(await q({ invoiceTypes: ['Kor'] }))).toEqual([sent[22].ksefNumber]);
		expect(numbers(await q({ invoiceTypes: ['Zal'] }))).toEqual([sent[23].ksefNumber]);
		expect(sorted(numbers(await q({ amount: { type: 'Brutto', from: 2051, to: 2051 } })))).toEqual(sorted(regular));
		expect(numbers(await q({ amount: { type: 'Brutto', to: 0 } }))).toEqual([sent[22].ksefNumber]);
		expect(await q({ sellerNip: '9999999999', currencyCodes: ['PLN'] })).toHaveLength(25);
		expect(await q({ sellerNip: '5265877635' })).toHaveLength(0);
		expect(await q({ currencyCodes: ['EUR'] })).toHaveLength(0);
		expect(await q({ hasAttachment: true })).toHaveLength(0);
		expect(await q({ hasAttachment: false, isSelfInvoicing: false, invoicingMode: 'Online', formType: 'FA' })).toHaveLength(25);
		expect(await q({ buyerIdentifier: { type: 'Nip', value: '1111111111' } })).toHaveLength(25);
		expect(await q({ buyerIdentifier: { type: 'Nip', value: '2222222222' } })).toHaveLength(0);
	});

	it('filters by issue date (P_1) as calendar days', async () => {
		const found = await collect(
			clientFor(sim).queryInvoiceMetadata({ subjectType: 'Subject1', dateRange: { dateType: 'Issue', from: '2026-01-01', to: '2026-01-31' } }),
		);
		expect(numbers(found)).toEqual([sent[24].ksefNumber]);
	});

	it('sees the same invoices from the buyer’s and the third party’s side', async () => {
		const asBuyer = clientFor(sim, { token: BUYER.token, nip: BUYER.nip });
		expect(await collect(asBuyer.queryInvoiceMetadata({ ...since(), subjectType: 'Subject2' }))).toHaveLength(25);
		const asThird = clientFor(sim, { token: THIRD.token, nip: THIRD.nip });
		expect(numbers(await collect(asThird.queryInvoiceMetadata({ ...since(), subjectType: 'Subject3' })))).toEqual([sent[23].ksefNumber]);
	});

	it('names a date it cannot read before any request', async () => {
		const generator = clientFor(sim).queryInvoiceMetadata({ subjectType: 'Subject1', dateRange: { dateType: 'Issue', from: 'last Tuesday' } });
		await expect(generator.next()).rejects.toThrow(/From "last Tuesday" is not a date/);
	});
});
