import { KsefApiError, type InvoiceMetadata, type InvoiceOutcome } from '../../src';
import { parseInvoice } from '../../src/invoices/parseInvoice';
import type { InvoiceQueryFilters } from '../../src/invoices/queryMetadata';
import { defaultOptions } from '../simulator/options';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const BUYER = { nip: '1111111111', token: '20260101-EC-BBBBBBBBBB-BBBBBBBBBB-BB|nip-1111111111|buyer' };
const THIRD = { nip: '3333333333', token: '20260101-EC-CCCCCCCCCC-CCCCCCCCCC-CC|nip-3333333333|third' };

const today = () => new Date(Date.now() - 60 * 60_000).toISOString();
const allSince = (from: string, extra: Partial<InvoiceQueryFilters> = {}): InvoiceQueryFilters => ({
	subjectType: 'Subject1',
	dateRange: { dateType: 'Invoicing', from },
	...extra,
});
async function collect(generator: AsyncGenerator<InvoiceMetadata>): Promise<InvoiceMetadata[]> {
	const all: InvoiceMetadata[] = [];
	for await (const invoice of generator) all.push(invoice);
	return all;
}

describe('Query Invoices and Download against the simulator', () => {
	let sim: RunningSimulator;
	let sent: InvoiceOutcome[];
	let xmls: Buffer[];
	const from = today();
	beforeAll(async () => {
		sim = await startSimulator({ subjects: [...defaultOptions().subjects, BUYER, THIRD], limits: { maxQueryResults: 10 } });
		xmls = [
			...Array.from({ length: 22 }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('Q') })),
			makeInvoice({ invoiceNumber: uniqueInvoiceNumber('K'), template: 'FA_3_Przyklad_2.xml' }),
			makeInvoice({ invoiceNumber: uniqueInvoiceNumber('Z'), template: 'FA_3_Przyklad_10.xml' }),
		];
		sent = await clientFor(sim).sendInvoices(xmls.map((xml) => ({ xml })), { concurrency: 6 });
		expect(sent.every((outcome) => outcome.outcome === 'accepted')).toBe(true);
		// permanent storage (and the HWM) trail acceptance slightly
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('Return All pages past the 10-record cap (lowered here) and returns each invoice exactly once, oldest first', async () => {
		const pages: number[] = [];
		const found = await collect(clientFor(sim).queryInvoiceMetadata(allSince(from), { pageSize: 10, onPage: (page) => pages.push(page.returned) }));
		expect(found.map((m) => m.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		expect(new Set(found.map((m) => m.ksefNumber)).size).toBe(24);
		const dates = found.map((m) => Date.parse(m.invoicingDate));
		expect(dates).toEqual([...dates].sort((a, b) => a - b));
		expect(pages.length).toBeGreaterThanOrEqual(3);
	});

	it('splits a long range into windows KSeF accepts, without losing or repeating anything', async () => {
		const eightMonthsAgo = new Date(Date.now() - 240 * 24 * 3_600_000).toISOString();
		const windows = new Set<string>();
		const found = await collect(clientFor(sim).queryInvoiceMetadata(allSince(eightMonthsAgo), { onPage: (page) => windows.add(page.from) }));
		expect(found).toHaveLength(24);
		expect(windows.size).toBeGreaterThanOrEqual(3);
	});

	it('Limit stops early', async () => {
		const pages: number[] = [];
		const found = await collect(clientFor(sim).queryInvoiceMetadata(allSince(from), { limit: 5, pageSize: 10, onPage: (page) => pages.push(page.returned) }));
		expect(found).toHaveLength(5);
		expect(pages).toHaveLength(1);
	});

	it('each filter family returns exactly the matching invoices', async () => {
		const client = clientFor(sim);
		const q = (extra: Partial<InvoiceQueryFilters>) => collect(client.queryInvoiceMetadata(allSince(from, extra)));
		expect((await q({ ksefNumber: sent[3].ksefNumber })).map((m) => m.ksefNumber)).toEqual([sent[3].ksefNumber]);
		expect((await q({ invoiceNumber: sent[5].invoiceNumber })).map((m) => m.ksefNumber)).toEqual([sent[5].ksefNumber]);
		expect((await q({ invoiceTypes: ['Kor'] })).map((m) => m.ksefNumber)).toEqual([sent[22].ksefNumber]);
		expect((await q({ invoiceTypes: ['Zal'] })).map((m) => m.ksefNumber)).toEqual([sent[23].ksefNumber]);
		expect(await q({ amount: { type: 'Brutto', from: 2051, to: 2051 } })).toHaveLength(22);
		expect(await q({ sellerNip: '9999999999', currencyCodes: ['PLN'] })).toHaveLength(24);
		expect(await q({ currencyCodes: ['EUR'] })).toHaveLength(0);
		expect(await q({ hasAttachment: true })).toHaveLength(0);
		expect(await q({ buyerIdentifier: { type: 'Nip', value: '1111111111' } })).toHaveLength(24);

		// The same invoices seen from the buyer's and the third party's side.
		const asBuyer = clientFor(sim, { token: BUYER.token, nip: BUYER.nip });
		expect(await collect(asBuyer.queryInvoiceMetadata({ ...allSince(from), subjectType: 'Subject2' }))).toHaveLength(24);
		const asThird = clientFor(sim, { token: THIRD.token, nip: THIRD.nip });
		expect((await collect(asThird.queryInvoiceMetadata({ ...allSince(from), subjectType: 'Subject3' }))).map((m) => m.ksefNumber)).toEqual([sent[23].ksefNumber]);
	});

	it('Download returns the XML byte for byte, and it parses to JSON whose fields match', async () => {
		const client = clientFor(sim);
		const xml = await client.downloadInvoice(String(sent[0].ksefNumber));
		expect(xml.equals(xmls[0])).toBe(true);
		const json = parseInvoice(xml) as { Fa: { P_2: string; P_15: string; FaWiersz: unknown[] }; Podmiot1: { DaneIdentyfikacyjne: { NIP: string } } };
		expect(json.Fa.P_2).toBe(sent[0].invoiceNumber);
		expect(json.Fa.P_15).toBe('2051');
		expect(Array.isArray(json.Fa.FaWiersz)).toBe(true);
		expect(json.Podmiot1.DaneIdentyfikacyjne.NIP).toBe('9999999999');
	});

	it('an unknown KSeF number is a clear error; a malformed one fails before any request', async () => {
		const client = clientFor(sim);
		const unknown = '9999999999-20260101-000000000000-' + 'XX';
		await expect(client.downloadInvoice(unknown)).rejects.toThrow(/KSeF Number.*checksum|not a KSeF number/);
		const { ksefNumberChecksum } = await import('../../src/domain/ksefNumber');
		const valid = `9999999999-20260101-0000000000AB`;
		const error = await client.downloadInvoice(`${valid}-${ksefNumberChecksum(valid)}`).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(KsefApiError);
		expect((error as Error).message).toMatch(/has no invoice .* \(21164\)/);
	});

	it('the export returns every invoice in the range, following truncation to the next package', async () => {
		const progress: number[] = [];
		const exported = [];
		for await (const invoice of clientFor(sim).exportInvoices(allSince(from), { onProgress: (p) => progress.push(p.statusCode) })) exported.push(invoice);
		expect(exported.map((e) => e.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		const first = exported.find((e) => e.ksefNumber === sent[0].ksefNumber);
		expect(first?.xml.equals(xmls[0])).toBe(true);
		expect(first?.metadata?.invoiceNumber).toBe(sent[0].invoiceNumber);
		expect(progress).toContain(200);
	});
});
