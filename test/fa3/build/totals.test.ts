import { buildInvoiceXml, InvoiceFieldsError, totalsJson, validateBuiltInvoices, type BuiltInvoice, type InvoiceFields, type LineFields } from '../../../src/fa3/build';
import { parseInvoice } from '../../../src/invoices/parseInvoice';

const base: InvoiceFields = {
	invoiceNumber: 'FV/T/1',
	issueDate: '2026-03-31',
	seller: { nip: '9999999999', name: 'Seller sp. z o.o.', addressLine1: 'ul. Prosta 1', addressLine2: '00-001 Warszawa' },
	buyer: { nip: '1111111111', name: 'Buyer S.A.', addressLine1: 'ul. Polna 1' },
};
const line = (unitPrice: string | number, vatRate: string, more: Partial<LineFields> = {}): LineFields => ({ name: 'Item', unitPrice, vatRate, ...more });

/** Fa of the built invoice, as Download would parse it. */
function fa(built: BuiltInvoice): Record<string, unknown> {
	return parseInvoice(built.xml).Fa as Record<string, unknown>;
}

const built: BuiltInvoice[] = [];
function build(fields: Partial<InvoiceFields>): BuiltInvoice {
	const invoice = buildInvoiceXml({ ...base, ...fields });
	built.push(invoice);
	return invoice;
}

describe('Build Invoice totals, checked against amounts computed by hand', () => {
	afterAll(async () => {
		// Every invoice these cases built is a valid FA(3) document.
		expect((await validateBuiltInvoices(built)).filter((check) => !check.valid)).toEqual([]);
	});

	it('rounds VAT per rate total by default, per line when asked: three lines of 0.10 at 23 %', () => {
		const lines = [line('0.10', '23'), line('0.10', '23'), line('0.10', '23')];
		// 0.30 × 23 % = 0.069 → 0.07; per line 0.023 → 0.02, three times 0.06.
		expect(fa(build({ lines }))).toMatchObject({ P_13_1: '0.30', P_14_1: '0.07', P_15: '0.37' });
		expect(fa(build({ lines, rounding: 'perLine' }))).toMatchObject({ P_13_1: '0.30', P_14_1: '0.06', P_15: '0.36' });
	});

	it('rounds half a grosz up, away from zero for negative amounts', () => {
		// 0.50 × 5 % = 0.025 → 0.03 (banker's rounding would give 0.02).
		expect(fa(build({ lines: [line('0.50', '5')] }))).toMatchObject({ P_13_3: '0.50', P_14_3: '0.03', P_15: '0.53' });
		const correction = { correctedInvoices: [{ invoiceNumber: 'FV/T/0', issueDate: '2026-03-01' }] };
		expect(fa(build({ kind: 'KOR', correction, lines: [line('-0.50', '5')] }))).toMatchObject({ P_13_3: '-0.50', P_14_3: '-0.03', P_15: '-0.53' });
	});

	it('mixed rates fill their own fields: 23 %, 8 %, exempt, intra-EU 0 %', () => {
		const invoice = build({
			lines: [line('100.00', '23', { quantity: 2 }), line('33.33', '8', { quantity: 3 }), line('10', 'zw'), line('50', '0 WDT')],
			annotations: { exemptionText: 'art. 43 ust. 1 pkt 37 ustawy o VAT' },
		});
		// 23 %: 200.00 + 46.00; 8 %: 99.99 + 7.9992 → 8.00; zw 10.00; WDT 50.00.
		expect(fa(invoice)).toMatchObject({ P_13_1: '200.00', P_14_1: '46.00', P_13_2: '99.99', P_14_2: '8.00', P_13_7: '10.00', P_13_6_2: '50.00', P_15: '413.99' });
		expect(fa(invoice).Adnotacje).toMatchObject({ Zwolnienie: { P_19: '1', P_19A: 'art. 43 ust. 1 pkt 37 ustawy o VAT' } });
		expect(totalsJson(invoice.totals, 'PLN')).toEqual({
			currency: 'PLN',
			net: '359.99',
			vat: '54.00',
			gross: '413.99',
			byVatRate: [
				{ vatRate: '23', netField: 'P_13_1', net: '200.00', vat: '46.00' },
				{ vatRate: '8', netField: 'P_13_2', net: '99.99', vat: '8.00' },
				{ vatRate: 'zw', netField: 'P_13_7', net: '10.00' },
				{ vatRate: '0 WDT', netField: 'P_13_6_2', net: '50.00' },
			],
		});
	});

	it('takes the discount off each unit: 3 × (19.99 − 2.50)', () => {
		const invoice = fa(build({ lines: [line('19.99', '23', { quantity: 3, discount: '2.50' })] }));
		// 52.47 net, 12.0681 → 12.07 VAT.
		expect(invoice).toMatchObject({ P_13_1: '52.47', P_14_1: '12.07', P_15: '64.54' });
		expect((invoice.FaWiersz as Array<Record<string, string>>)[0]).toMatchObject({ P_9A: '19.99', P_10: '2.5', P_11: '52.47' });
	});

	it('gross prices: VAT taken out of the gross total per rate (art. 106e ust. 7-8)', () => {
		const invoice = fa(build({ pricesAre: 'gross', lines: [line('123.00', '23'), line('9.99', '8', { quantity: 3 })] }));
		// 123.00 × 23/123 = 23.00; 29.97 × 8/108 = 2.2194 → 2.22, net 27.75.
		expect(invoice).toMatchObject({ P_13_1: '100.00', P_14_1: '23.00', P_13_2: '27.75', P_14_2: '2.22', P_15: '152.97' });
		expect((invoice.FaWiersz as Array<Record<string, string>>)[1]).toMatchObject({ P_9B: '9.99', P_11A: '29.97' });
	});

	it('foreign currency: the VAT also in PLN (P_14_1W) at the exchange rate, which each line carries', () => {
		const invoice = fa(build({ currency: 'EUR', exchangeRate: '4.2719', lines: [line('1000.00', '23')] }));
		// 230.00 EUR × 4.2719 = 982.537 → 982.54 PLN.
		expect(invoice).toMatchObject({ KodWaluty: 'EUR', P_13_1: '1000.00', P_14_1: '230.00', P_14_1W: '982.54', P_15: '1230.00' });
		expect((invoice.FaWiersz as Array<Record<string, string>>)[0].KursWaluty).toBe('4.2719');
	});

	it('advance (ZAL) over two rates: split by the order’s gross values, VAT from each part', () => {
		const invoice = fa(build({ kind: 'ZAL', advance: { amountReceived: '1000' }, lines: [line('1000', '23'), line('1000', '8')] }));
		// Order 1230 + 1080 = 2310; 1000 × 1230/2310 = 532.4675 → 532.47 (VAT 99.5674 → 99.57), rest 467.53 (VAT 34.6319 → 34.63).
		expect(invoice).toMatchObject({ P_13_1: '432.90', P_14_1: '99.57', P_13_2: '432.90', P_14_2: '34.63', P_15: '1000.00' });
		expect(invoice.Zamowienie).toMatchObject({ WartoscZamowienia: '2310.00' });
		expect(invoice.FaWiersz).toBeUndefined();
	});

	it('correction (KOR) with before and after lines: each state totalled as its own invoice, then the difference', () => {
		const correction = { correctedInvoices: [{ invoiceNumber: 'FV/T/0', issueDate: '2026-03-01' }] };
		const invoice = fa(build({ kind: 'KOR', correction, lines: [line('10.01', '23', { before: true }), line('10.03', '23')] }));
		// Before 10.01 + 2.3023 → 2.30; after 10.03 + 2.3069 → 2.31.
		expect(invoice).toMatchObject({ P_13_1: '0.02', P_14_1: '0.01', P_15: '0.03', RodzajFaktury: 'KOR' });
		expect(invoice.DaneFaKorygowanej).toEqual([{ DataWystFaKorygowanej: '2026-03-01', NrFaKorygowanej: 'FV/T/0', NrKSeFN: '1' }]);
	});

	it('never uses binary floating point: 0.1 + 0.2 and 3 × 1.1', () => {
		const invoice = fa(build({ lines: [line(0.1, '0 KR'), line(0.2, '0 KR'), line('1.1', '0 KR', { quantity: 3 })] }));
		expect(invoice).toMatchObject({ P_13_6_1: '3.60', P_15: '3.60' });
	});

	it('names every field to fix in one error, before anything is built', () => {
		let error: InvoiceFieldsError | undefined;
		try {
			buildInvoiceXml({ ...base, currency: 'EUR', lines: [line('1,234.5', '24'), line('10', 'zw')] });
		} catch (caught) {
			error = caught as InvoiceFieldsError;
		}
		expect(error).toBeInstanceOf(InvoiceFieldsError);
		expect(error?.problems.map((problem) => problem.field)).toEqual([
			'Exchange Rate (exchangeRate, KursWaluty)',
			'Line 1 Unit Price (lines[0].unitPrice, P_9A)',
			'Line 1 VAT Rate (lines[0].vatRate, P_12)',
			'Exemption Legal Basis (annotations.exemptionText, P_19A/P_19B/P_19C)',
		]);
		expect(error?.message).toMatch(/Exchange Rate .* is required for an invoice in EUR/);
		expect(error?.message).toMatch(/"24" is not an FA\(3\) rate/);
	});

	it('accepts what spreadsheets give: numbers, decimal commas, spaces as thousands separators, full ISO timestamps', () => {
		const invoice = fa(build({ issueDate: '2026-03-31T10:00:00.000Z', lines: [line('1 234,50', '23', { quantity: '2' })] }));
		expect(invoice).toMatchObject({ P_1: '2026-03-31', P_13_1: '2469.00', P_14_1: '567.87' });
	});

	it('lines given by amount only, charges and deductions: what is left to pay, or to settle when deductions exceed it', () => {
		const lines = [line('', '23', { unitPrice: undefined, amount: '18.00' }), line('', '23', { unitPrice: undefined, amount: '25.60' })];
		const invoice = fa(build({ lines, charges: [{ amount: '1.37', reason: 'Odsetki' }], deductions: [{ amount: '5.00', reason: 'Nadpłata' }] }));
		// 43.60 + 10.028 → 10.03 = 53.63; + 1.37 − 5.00 = 50.00.
		expect(invoice).toMatchObject({ P_13_1: '43.60', P_14_1: '10.03', P_15: '53.63', Rozliczenie: { SumaObciazen: '1.37', SumaOdliczen: '5.00', DoZaplaty: '50.00' } });
		expect((invoice.FaWiersz as Array<Record<string, string>>)[0]).toEqual({ NrWierszaFa: '1', P_7: 'Item', P_11: '18.00', P_12: '23' });
		const overpaid = fa(build({ lines, deductions: [{ amount: '60', reason: 'Nadpłata' }] }));
		expect(overpaid.Rozliczenie).toEqual({ Odliczenia: [{ Kwota: '60.00', Powod: 'Nadpłata' }], SumaOdliczen: '60.00', DoRozliczenia: '6.37' });
	});

	it('attachment tables: cells checked against their column types, a dash allowed for no value', () => {
		const attachment = {
			blocks: [{ metadata: [{ key: 'Meter', value: '123' }], tables: [{ columns: [{ name: 'Date', type: 'date' as const }, { name: 'kWh', type: 'int' as const }], rows: [['2026-02-28', '1020'], ['-', '12.5']] }] }],
		};
		expect(() => buildInvoiceXml({ ...base, lines: [line('1', '23')], attachment })).toThrow(
			'Attachment Block 1 Table 1 Row 2 Cell 2 (attachment.blocks[0].tables[0].rows[1][1], WKom) "12.5" is not a whole number (column 2 is int)',
		);
		const fixed = build({ lines: [line('1', '23')], attachment: { blocks: [{ ...attachment.blocks[0], tables: [{ ...attachment.blocks[0].tables[0], rows: [['2026-02-28', '1020'], ['-', '']] }] }] } });
		expect(fixed.hasAttachment).toBe(true);
		expect(parseInvoice(fixed.xml).Zalacznik).toEqual({
			BlokDanych: [{ MetaDane: [{ ZKlucz: 'Meter', ZWartosc: '123' }], Tabela: [{ TNaglowek: { Kol: [{ '@Typ': 'date', NKom: 'Date' }, { '@Typ': 'int', NKom: 'kWh' }] }, Wiersz: [{ WKom: ['2026-02-28', '1020'] }, { WKom: ['-', ''] }] }] }],
		});
	});

	it('reports a schema error as the field the user filled in', async () => {
		const invoice = buildInvoiceXml({ ...base, currency: 'EUX', exchangeRate: '4', lines: [line('1', '23')] });
		const [check] = await validateBuiltInvoices([invoice]);
		expect(check).toEqual({ valid: false, problems: [expect.objectContaining({ field: 'Currency (currency, KodWaluty)', element: 'KodWaluty', message: expect.stringMatching(/'EUX' is not an element of the set/) })] });
	});
});
