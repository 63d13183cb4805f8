import type { INodeExecutionData, UsableAsToolDescription } from 'n8n-workflow';
import { createHash } from 'node:crypto';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefBuildInvoice } from '../../nodes/KsefBuildInvoice/KsefBuildInvoice.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { parseInvoice } from '../../src/invoices/parseInvoice';
import type { RunningSimulator } from '../simulator';
import { defaultOptions } from '../simulator/options';
import { uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

const build = async (parameters: Record<string, unknown>, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) =>
	(await new KsefBuildInvoice().execute.call(executeContext({ items, parameters, credentials: {}, continueOnFail })))[0];

// UTC's date is never ahead of Warsaw's, so KSeF never sees an issue date in the future.
const today = () => new Date().toISOString().slice(0, 10);
const seller = { nip: '9999999999', name: 'Seller sp. z o.o.', addressLine1: 'ul. Prosta 1', addressLine2: '00-001 Warszawa' };
const buyer = { nip: '1111111111', name: 'Buyer S.A.', addressLine1: 'ul. Polna 1', addressLine2: '00-002 Kraków' };

const fieldParameters = (invoiceNumber: string) => ({
	defineInvoice: 'fields',
	kind: 'VAT',
	invoiceNumber,
	issueDate: today(),
	sellerNip: seller.nip,
	sellerName: seller.name,
	sellerAddressLine1: seller.addressLine1,
	sellerAddressLine2: seller.addressLine2,
	buyerIdType: 'nip',
	buyerNip: buyer.nip,
	buyerName: buyer.name,
	buyerAddressLine1: buyer.addressLine1,
	buyerAddressLine2: buyer.addressLine2,
	buyerCountryCode: 'PL',
	currency: 'PLN',
	pricesAre: 'net',
	rounding: 'perRate',
	lineItemsSource: 'fixed',
	lineItems: { line: [{ name: 'Consulting', quantity: '10', unit: 'h', unitPrice: '150.00', discount: '', vatRate: '23', before: false }, { name: 'Book', quantity: '2', unit: 'szt.', unitPrice: '39.90', discount: '', vatRate: '5', before: false }] },
	payment: { dueDates: '2026-12-31', method: 'transfer', bankAccount: '61 1090 1014 0000 0712 1981 2874' },
	annotations: {},
	additionalFields: { issuePlace: 'Warszawa', notes: '[{ "key": "PO", "value": "4711" }]' },
	options: {},
});

describe('KSeF Build Invoice node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	/** Hands built invoices to Send Invoice exactly as n8n would: the binary field "data", unchanged. */
	const send = async (built: INodeExecutionData[]) => {
		const binaries = Object.fromEntries(built.map((item, index) => [index, { data: Buffer.from(String(item.binary?.data.data), 'base64') }]));
		const ctx = executeContext({ items: built, binaries, parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials });
		return (await new KsefSendInvoice().execute.call(ctx))[0];
	};

	let vatKsefNumber: string;
	let vatNumber: string;
	it('VAT from fields: XML binary with its SHA-256, exact totals, the invoice as Download gives it, and a KSeF number', async () => {
		vatNumber = uniqueInvoiceNumber('BV');
		const [item] = await build(fieldParameters(vatNumber));
		const xml = Buffer.from(String(item.binary?.data.data), 'base64');
		expect(item.binary?.data).toMatchObject({ mimeType: 'application/xml', fileName: expect.stringMatching(/\.xml$/) });
		expect(item.json.sha256).toBe(createHash('sha256').update(xml).digest('base64'));
		// 1500.00 + 345.00 VAT; 79.80 + 3.99 VAT.
		expect(item.json.totals).toEqual({
			currency: 'PLN',
			net: '1579.80',
			vat: '348.99',
			gross: '1928.79',
			byVatRate: [
				{ vatRate: '23', netField: 'P_13_1', net: '1500.00', vat: '345.00' },
				{ vatRate: '5', netField: 'P_13_3', net: '79.80', vat: '3.99' },
			],
		});
		expect(item.json.invoice).toEqual(parseInvoice(xml));
		expect(item.json.invoice).toMatchObject({ Fa: { P_2: vatNumber, P_15: '1928.79', DodatkowyOpis: [{ Klucz: 'PO', Wartosc: '4711' }], Platnosc: { RachunekBankowy: [{ NrRB: '61109010140000071219812874' }] } } });
		expect(item.pairedItem).toEqual({ item: 0 });

		const [sent] = await send([item]);
		expect(sent.json).toMatchObject({ outcome: 'accepted', invoiceHash: item.json.sha256 });
		vatKsefNumber = String(sent.json.ksefNumber);
	});

	it('KOR, ZAL and ROZ from JSON (one object per item, as an AI agent or a shop gives them) all reach KSeF numbers', async () => {
		const zalNumber = uniqueInvoiceNumber('BZ');
		const kor = {
			kind: 'KOR',
			invoiceNumber: uniqueInvoiceNumber('BK'),
			issueDate: today(),
			seller,
			buyer,
			correction: { reason: 'price reduced', type: '2', correctedInvoices: [{ invoiceNumber: vatNumber, issueDate: today(), ksefNumber: vatKsefNumber }] },
			lines: [
				{ name: 'Consulting', quantity: 10, unit: 'h', unitPrice: '150.00', vatRate: '23', before: true, lineNumber: 1 },
				{ name: 'Consulting', quantity: 10, unit: 'h', unitPrice: '140.00', vatRate: '23', lineNumber: 1 },
			],
		};
		const zal = { kind: 'ZAL', invoiceNumber: zalNumber, issueDate: today(), saleDate: today(), seller, buyer, advance: { amountReceived: '1230.00' }, lines: [{ name: 'Kitchen furniture', unitPrice: '10000', vatRate: '23' }] };
		const builtZal = await build({ defineInvoice: 'json', invoiceJson: JSON.stringify(zal), options: {} });
		const items = [{ json: { invoice: kor } }, { json: { invoice: zal } }];
		const built = await build({ defineInvoice: 'json', invoiceJson: (index: number) => items[index].json.invoice, options: {} }, items);
		expect(built.map((item) => item.json.totals)).toMatchObject([
			{ net: '-100.00', vat: '-23.00', gross: '-123.00' },
			{ net: '1000.00', vat: '230.00', gross: '1230.00' },
		]);
		const sent = await send(built);
		expect(sent.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted']);
		// JSON typed into the editor (text) and JSON mapped from the input (an object) build the same invoice.
		expect(builtZal[0].json.totals).toEqual(built[1].json.totals);
		expect((builtZal[0].json.invoice as { Fa: unknown }).Fa).toEqual((built[1].json.invoice as { Fa: unknown }).Fa);

		const roz = {
			kind: 'ROZ',
			invoiceNumber: uniqueInvoiceNumber('BR'),
			issueDate: today(),
			seller,
			buyer,
			settlement: { advanceInvoices: [{ ksefNumber: String(sent[1].json.ksefNumber) }], advancesPaid: [{ vatRate: '23', grossAmount: '1230.00' }] },
			lines: [{ name: 'Kitchen furniture', unitPrice: '10000', vatRate: '23' }],
		};
		const [builtRoz] = await build({ defineInvoice: 'json', invoiceJson: roz, options: {} });
		// 12,300.00 ordered, 1,230.00 already invoiced as the advance: 9,000.00 + 2,070.00 left.
		expect(builtRoz.json.totals).toMatchObject({ net: '9000.00', vat: '2070.00', gross: '11070.00' });
		expect(builtRoz.json.invoice).toMatchObject({ Fa: { RodzajFaktury: 'ROZ', FakturaZaliczkowa: [{ NrKSeFFaZaliczkowej: sent[1].json.ksefNumber }] } });
		expect((await send([builtRoz]))[0].json.outcome).toBe('accepted');
	});

	it('an invoice with an attachment says to use Batch Send, and Batch Send gets it a KSeF number', async () => {
		const permitted = defaultOptions().subjects[1];
		const invoice = {
			invoiceNumber: uniqueInvoiceNumber('BA'),
			issueDate: today(),
			salePeriodFrom: '2026-01-01',
			salePeriodTo: '2026-02-28',
			seller: { ...seller, nip: permitted.nip },
			buyer,
			lines: [{ name: 'Energy', amount: '18.00', vatRate: '23' }, { name: 'Distribution', amount: '25.60', vatRate: '23' }],
			deductions: [{ amount: '3.63', reason: 'Overpayment' }],
			attachment: { blocks: [{ metadata: [{ key: 'Meter', value: '99999999' }], tables: [{ description: 'Readings', columns: [{ name: 'Date', type: 'date' }, { name: 'kWh', type: 'int' }], rows: [['2026-02-28', '20']] }] }] },
		};
		const [built] = await build({ defineInvoice: 'json', invoiceJson: invoice, options: {} });
		expect(built.json).toMatchObject({ hasAttachment: true, sendWith: 'KSeF Batch Send', totals: { gross: '53.63', amountDue: '50.00' } });
		const ctx = executeContext({
			items: [built],
			binaries: { 0: { data: Buffer.from(String(built.binary?.data.data), 'base64') } },
			parameters: { inputMode: 'invoices', invoiceSource: 'binary', binaryPropertyName: 'data', options: {} },
			credentials: { environment: 'custom', baseUrl: sim.baseUrl, token: permitted.token, nip: permitted.nip },
		});
		const [sent] = (await new KsefBatchSend().execute.call(ctx))[0];
		expect(sent.json).toMatchObject({ outcome: 'accepted', invoiceHash: built.json.sha256 });
	});

	it('with Continue On Fail: a bad item gets an error naming its fields; the others are still built', async () => {
		const good = fieldParameters(uniqueInvoiceNumber('BG'));
		const values: Record<string, (index: number) => unknown> = {
			sellerNip: (index) => (index === 1 ? '123' : good.sellerNip),
			currency: (index) => (index === 2 ? 'EUX' : 'PLN'),
			exchangeRate: (index) => (index === 2 ? '4.1' : ''),
			invoiceNumber: (index) => `${good.invoiceNumber}-${index}`,
		};
		const out = await build({ ...good, ...values }, [{ json: {} }, { json: {} }, { json: {} }], true);
		expect(out).toHaveLength(3);
		expect(out[0].json.sha256).toEqual(expect.any(String));
		expect(out[1].json.error).toMatch(/Seller NIP \(seller\.nip, Podmiot1\/NIP\).*not 10 digits/);
		expect(out[2].json.error).toMatch(/does not pass the FA\(3\) schema: Currency \(currency, KodWaluty\): .*'EUX'/);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without Continue On Fail: stops with the item and the fields to fix', async () => {
		const parameters = { ...fieldParameters(''), lineItemsSource: 'json', lineItemsJson: '[{ "name": "x", "unitPrice": "abc", "vatRate": "23" }]' };
		const error = await build(parameters).then(
			() => undefined,
			(caught: Error) => caught,
		);
		expect(error?.message).toMatch(/^2 invoice fields need fixing: /);
		expect(error?.message).toContain('Invoice Number (invoiceNumber, P_2): is required');
		expect(error?.message).toContain('Line 1 Unit Price (lines[0].unitPrice, P_9A): "abc" is not a number');
		await expect(build({ ...parameters, lineItemsJson: '[{ "name": ' })).rejects.toMatchObject({ message: expect.stringMatching(/Line Items \(JSON\) is not valid JSON/) });
	});

	it('describes itself so an AI agent can use it as a tool', () => {
		const { description } = new KsefBuildInvoice();
		const tool = description.usableAsTool as UsableAsToolDescription;
		expect(tool.replacements?.description).toMatch(/^Offline only: .*nothing is sent to KSeF.*Invoice \(JSON\) field/);
		expect(description.description).toMatch(/FA\(3\).*line items.*VAT/);
		const json = description.properties.find((property) => property.name === 'invoiceJson');
		for (const key of ['invoiceNumber', 'issueDate', 'seller', 'buyer', 'lines', 'vatRate', 'unitPrice']) expect(json?.description).toContain(key);
	});
});
