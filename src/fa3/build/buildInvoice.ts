import { FA3_NAMESPACE } from '../schemaFiles';
import type { AnnotationFields, CorrectionFields, InvoiceFields, InvoiceKind, PaymentFields, SettlementFields } from './fields';
import { PAYMENT_METHODS } from './fields';
import { fieldLabel, FieldReader } from './fieldReader';
import { invoiceLineElements, orderElement, readLines, type CheckedLine } from './lines';
import { formatAmount, formatPlain, sum, type Money } from './money';
import { attachmentElement } from './attachment';
import { buyerElement, sellerElement, thirdPartyElements } from './parties';
import { advanceByRate, invoiceTotals, totalsByRate, vatFromGross, type InvoiceTotals } from './totals';
import { TOTAL_FIELD_ORDER, vatRateOf, VAT_RATE_CODES } from './vatRates';
import { leaf, node, serialize, type XmlElement } from './xmlTree';

export interface BuildOptions {
	/** DataWytworzeniaFa when the fields give none. */
	now?: Date;
	/**
	 * Check the CRC-8 of KSeF numbers the invoice refers to (corrected and advance invoices). On by default: it
	 * catches typos. The official FA(3) samples use made-up numbers whose checksums do not work out.
	 */
	verifyKsefNumberChecksums?: boolean;
}

export interface BuiltInvoice {
	xml: string;
	/** The user field behind each line of `xml`, to report schema errors in the user's terms. */
	fieldsByLine: Map<number, string>;
	kind: InvoiceKind;
	invoiceNumber: string;
	currency: string;
	totals: InvoiceTotals;
	/** Invoices with an attachment (Zalacznik) cannot be sent in an online session: Batch Send only. */
	hasAttachment: boolean;
	/** Rozliczenie: P_15 plus charges less deductions, when either was given. */
	amountDue?: Money;
}

const KINDS: readonly InvoiceKind[] = ['VAT', 'KOR', 'ZAL', 'ROZ'];

/**
 * FA(3) XML from plain fields. Throws InvoiceFieldsError listing every field that needs fixing. The result is
 * well-formed and follows the schema's element order; validate it with validateBuiltInvoices before use.
 */
export function buildInvoiceXml(fields: InvoiceFields, options: BuildOptions = {}): BuiltInvoice {
	const reader = new FieldReader();
	if (!fields || typeof fields !== 'object') {
		reader.report('Invoice', 'must be an object of invoice fields');
		reader.throwIfProblems();
	}
	const kind = reader.choice(fields.kind, fieldLabel('Invoice Kind', 'kind', 'RodzajFaktury'), KINDS, 'VAT') ?? 'VAT';
	const basis = reader.choice(fields.pricesAre, fieldLabel('Prices Are', 'pricesAre'), ['net', 'gross'] as const, 'net') ?? 'net';
	const rounding = reader.choice(fields.rounding, fieldLabel('VAT Rounding', 'rounding'), ['perRate', 'perLine'] as const, 'perRate') ?? 'perRate';
	const verifyChecksums = options.verifyKsefNumberChecksums ?? true;

	const currencyField = fieldLabel('Currency', 'currency', 'KodWaluty');
	const currency = (reader.text(fields.currency, currencyField) ?? 'PLN').toUpperCase();
	if (!/^[A-Z]{3}$/.test(currency)) reader.report(currencyField, `"${currency}" is not a three-letter ISO 4217 code such as PLN, EUR, USD`);
	const rateField = fieldLabel('Exchange Rate', 'exchangeRate', 'KursWaluty');
	const exchangeRate = currency === 'PLN' ? undefined : reader.decimal(fields.exchangeRate, rateField, { maxDecimals: 6, positive: true });
	if (currency !== 'PLN' && fields.exchangeRate === undefined) reader.report(rateField, `is required for an invoice in ${currency}: the PLN per 1 ${currency} used for VAT (e.g. the NBP average rate of the day before)`);

	const linesField = fieldLabel('Line Items', 'lines', kind === 'ZAL' ? 'ZamowienieWiersz' : 'FaWiersz');
	const rawLines = reader.list(fields.lines, linesField);
	if (!rawLines.length) reader.report(linesField, kind === 'ZAL' ? 'must list the ordered goods or services the advance is for' : 'must contain at least one line');
	const lines = readLines(reader, rawLines, kind, basis);
	checkRateMix(reader, lines);

	const { byRate, extra } = kindTotals(reader, fields, kind, lines, basis, rounding, verifyChecksums);
	const totals = invoiceTotals(byRate, exchangeRate);
	const fa = faElement(reader, fields, { kind, currency, exchangeRate, lines, basis, totals, extra, verifyChecksums });

	const thirdParties = reader.list(fields.thirdParties, fieldLabel('Third Parties', 'thirdParties', 'Podmiot3'));
	const root = node('Faktura', [
		headerElement(reader, fields, options.now ?? new Date()),
		sellerElement(reader, fields.seller),
		buyerElement(reader, fields.buyer, thirdParties),
		thirdPartyElements(reader, thirdParties),
		fa,
		footerElement(reader, fields),
		attachmentElement(reader, fields.attachment),
	]);
	root.attributes = { xmlns: FA3_NAMESPACE };
	reader.throwIfProblems();
	const { xml, fieldsByLine } = serialize(root);
	return { xml, fieldsByLine, kind, invoiceNumber: String(fields.invoiceNumber).trim(), currency, totals, hasAttachment: Boolean(fields.attachment), amountDue: settlementOf(reader, fields, totals)?.due };
}

/** 23 % and 22 % (and 8/7, 4/3) share one total field, so one invoice cannot carry both. */
function checkRateMix(reader: FieldReader, lines: CheckedLine[]): void {
	const seen = new Map<string, string>();
	for (const line of lines) {
		const other = seen.get(line.rate.netField);
		if (other !== undefined && other !== line.rate.code) {
			reader.report(fieldLabel(`Line ${line.index + 1} VAT Rate`, `lines[${line.index}].vatRate`, 'P_12'), `${line.rate.code} % and ${other} % share ${line.rate.netField}; one invoice cannot use both`);
		}
		seen.set(line.rate.netField, line.rate.code ?? '');
	}
}

interface KindExtra {
	order?: XmlElement;
	advanceInvoices?: XmlElement[];
	advance?: Money;
}

function kindTotals(
	reader: FieldReader,
	fields: InvoiceFields,
	kind: InvoiceKind,
	lines: CheckedLine[],
	basis: 'net' | 'gross',
	rounding: 'perRate' | 'perLine',
	verifyChecksums: boolean,
): { byRate: Array<{ rate: CheckedLine['rate']; net: Money; vat: Money }>; extra: KindExtra } {
	if (kind === 'ZAL') {
		const field = fieldLabel('Advance Received', 'advance.amountReceived', 'P_15');
		const advance = reader.decimal(fields.advance?.amountReceived, field, { required: true, maxDecimals: 2, positive: true });
		const order = orderElement(reader, lines, basis);
		return { byRate: advance ? advanceByRate(advance, order.grossByRate) : [], extra: { order: order.element, advance } };
	}
	const byRate = totalsByRate(lines, basis, rounding);
	if (kind !== 'ROZ') return { byRate, extra: {} };
	return { byRate: settleAdvances(reader, fields.settlement, byRate), extra: { advanceInvoices: advanceInvoiceElements(reader, fields.settlement, verifyChecksums) } };
}

/** ROZ: what is left to pay per rate, the lines' totals less the advances received (art. 106f ust. 3). */
function settleAdvances(reader: FieldReader, settlement: SettlementFields | undefined, byRate: Array<{ rate: CheckedLine['rate']; net: Money; vat: Money }>) {
	const field = fieldLabel('Advances Paid', 'settlement.advancesPaid');
	const paid = reader.list(settlement?.advancesPaid, field);
	if (!paid.length) reader.report(field, 'must list the advances received (gross, per VAT rate) that this settlement invoice deducts');
	const remaining = byRate.map((entry) => ({ ...entry }));
	paid.forEach((advance, index) => {
		const rateField = fieldLabel(`Advance ${index + 1} VAT Rate`, `settlement.advancesPaid[${index}].vatRate`);
		const rate = vatRateOf(advance?.vatRate);
		const gross = reader.decimal(advance?.grossAmount, fieldLabel(`Advance ${index + 1} Gross Amount`, `settlement.advancesPaid[${index}].grossAmount`), { required: true, maxDecimals: 2, positive: true });
		if (!rate) return reader.report(rateField, `"${String(advance?.vatRate)}" is not an FA(3) rate; use one of ${VAT_RATE_CODES.join(', ')}`);
		const entry = remaining.find((candidate) => candidate.rate.netField === rate.netField);
		if (!entry) return reader.report(rateField, `no line has VAT rate ${rate.code ?? rate.label}, so there is nothing to deduct this advance from`);
		if (!gross) return;
		const vat = vatFromGross(gross, rate);
		entry.net = entry.net.minus(gross.minus(vat));
		entry.vat = entry.vat.minus(vat);
	});
	return remaining;
}

function advanceInvoiceElements(reader: FieldReader, settlement: SettlementFields | undefined, verifyChecksums: boolean): XmlElement[] {
	const field = fieldLabel('Advance Invoices', 'settlement.advanceInvoices', 'FakturaZaliczkowa');
	const invoices = reader.list(settlement?.advanceInvoices, field);
	if (!invoices.length) reader.report(field, 'must name the advance invoices being settled (their KSeF numbers, or numbers for invoices issued outside KSeF)');
	return invoices.map((invoice, index) => {
		const ksefField = fieldLabel(`Advance Invoice ${index + 1} KSeF Number`, `settlement.advanceInvoices[${index}].ksefNumber`, 'NrKSeFFaZaliczkowej');
		const numberField = fieldLabel(`Advance Invoice ${index + 1} Number`, `settlement.advanceInvoices[${index}].invoiceNumber`, 'NrFaZaliczkowej');
		if (invoice?.ksefNumber) return node('FakturaZaliczkowa', [leaf('NrKSeFFaZaliczkowej', reader.ksefNumber(invoice.ksefNumber, ksefField, verifyChecksums), ksefField)]);
		return node('FakturaZaliczkowa', [leaf('NrKSeFZN', '1', numberField), leaf('NrFaZaliczkowej', reader.text(invoice?.invoiceNumber, numberField, { required: true }), numberField)]);
	});
}

function headerElement(reader: FieldReader, fields: InvoiceFields, now: Date): XmlElement {
	const createdField = fieldLabel('Created At', 'createdAt', 'DataWytworzeniaFa');
	let created = reader.text(fields.createdAt, createdField);
	if (created !== undefined && Number.isNaN(Date.parse(created))) reader.report(createdField, `"${created}" is not an ISO date-time such as 2026-02-01T10:00:00Z`);
	created ??= now.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const systemField = fieldLabel('System Info', 'systemInfo', 'SystemInfo');
	return node('Naglowek', [
		{ name: 'KodFormularza', attributes: { kodSystemowy: 'FA (3)', wersjaSchemy: '1-0E' }, text: 'FA' },
		leaf('WariantFormularza', '3'),
		leaf('DataWytworzeniaFa', created, createdField),
		leaf('SystemInfo', reader.text(fields.systemInfo, systemField) ?? 'n8n-nodes-ksef', systemField),
	]);
}

interface FaContext {
	kind: InvoiceKind;
	currency: string;
	exchangeRate?: Money;
	lines: CheckedLine[];
	basis: 'net' | 'gross';
	totals: InvoiceTotals;
	extra: KindExtra;
	verifyChecksums: boolean;
}

function faElement(reader: FieldReader, fields: InvoiceFields, context: FaContext): XmlElement {
	const { kind, totals, extra } = context;
	const label = (name: string, key: string, element: string) => fieldLabel(name, key, element);
	const saleDate = reader.date(fields.saleDate, label('Sale Date', 'saleDate', 'P_6'));
	const periodFrom = reader.date(fields.salePeriodFrom, label('Sale Period From', 'salePeriodFrom', 'P_6_Od'));
	const periodTo = reader.date(fields.salePeriodTo, label('Sale Period To', 'salePeriodTo', 'P_6_Do'));
	if (saleDate && (periodFrom || periodTo)) reader.report(label('Sale Date', 'saleDate', 'P_6'), 'cannot be given together with a sale period; use one or the other');
	if (Boolean(periodFrom) !== Boolean(periodTo)) reader.report(label('Sale Period', 'salePeriodFrom/salePeriodTo', 'OkresFa'), 'needs both a start and an end date');

	const amounts = new Map<string, string>();
	for (const rate of totals.rates) {
		amounts.set(rate.rate.netField, formatAmount(rate.net));
		if (rate.rate.vatField && rate.vat) amounts.set(rate.rate.vatField, formatAmount(rate.vat));
		if (rate.rate.vatPlnField && rate.vatPln) amounts.set(rate.rate.vatPlnField, formatAmount(rate.vatPln));
	}
	const totalsField = fieldLabel('Line Items', 'lines', 'P_13/P_14');
	const notes = reader.list(fields.notes, label('Notes', 'notes', 'DodatkowyOpis'));

	return node('Fa', [
		leaf('KodWaluty', context.currency, label('Currency', 'currency', 'KodWaluty')),
		leaf('P_1', reader.date(fields.issueDate, label('Issue Date', 'issueDate', 'P_1'), true), label('Issue Date', 'issueDate', 'P_1')),
		leaf('P_1M', reader.text(fields.issuePlace, label('Place of Issue', 'issuePlace', 'P_1M')), label('Place of Issue', 'issuePlace', 'P_1M')),
		leaf('P_2', reader.text(fields.invoiceNumber, label('Invoice Number', 'invoiceNumber', 'P_2'), { required: true }), label('Invoice Number', 'invoiceNumber', 'P_2')),
		reader.list(fields.deliveryNotes, label('Delivery Notes', 'deliveryNotes', 'WZ')).map((wz, index) => leaf('WZ', reader.text(wz, label(`Delivery Note ${index + 1}`, `deliveryNotes[${index}]`, 'WZ')), label(`Delivery Note ${index + 1}`, `deliveryNotes[${index}]`, 'WZ'))).flat(),
		leaf('P_6', saleDate, label('Sale Date', 'saleDate', 'P_6')),
		periodFrom && periodTo ? [node('OkresFa', [leaf('P_6_Od', periodFrom), leaf('P_6_Do', periodTo)], label('Sale Period', 'salePeriodFrom/salePeriodTo', 'OkresFa'))] : [],
		TOTAL_FIELD_ORDER.flatMap((name) => leaf(name, amounts.get(name), totalsField)),
		leaf('P_15', formatAmount(totals.gross), totalsField),
		kind === 'ZAL' && context.exchangeRate ? leaf('KursWalutyZ', formatPlain(context.exchangeRate), label('Exchange Rate', 'exchangeRate', 'KursWalutyZ')) : [],
		annotationsElement(reader, fields.annotations, context.lines),
		leaf('RodzajFaktury', kind, label('Invoice Kind', 'kind', 'RodzajFaktury')),
		kind === 'KOR' ? correctionElements(reader, fields.correction, context.verifyChecksums) : [],
		reader.flag(fields.receiptInvoice, label('Invoice for a Receipt', 'receiptInvoice', 'FP')) ? leaf('FP', '1', label('Invoice for a Receipt', 'receiptInvoice', 'FP')) : [],
		reader.flag(fields.relatedParties, label('Related Parties', 'relatedParties', 'TP')) ? leaf('TP', '1', label('Related Parties', 'relatedParties', 'TP')) : [],
		notes.map((note, index) => {
			const keyField = label(`Note ${index + 1} Key`, `notes[${index}].key`, 'Klucz');
			const valueField = label(`Note ${index + 1} Value`, `notes[${index}].value`, 'Wartosc');
			return node('DodatkowyOpis', [leaf('Klucz', reader.text(note?.key, keyField, { required: true }), keyField), leaf('Wartosc', reader.text(note?.value, valueField, { required: true }), valueField)]);
		}),
		extra.advanceInvoices ?? [],
		kind === 'ZAL' ? [] : invoiceLineElements(reader, context.lines, context.basis, context.exchangeRate),
		settlementElement(reader, fields, totals),
		paymentElement(reader, fields.payment, fields.issueDate),
		transactionElement(reader, fields),
		extra.order ? [extra.order] : [],
	]);
}

function annotationsElement(reader: FieldReader, annotations: AnnotationFields | undefined, lines: CheckedLine[]): XmlElement {
	const a = annotations ?? {};
	const label = (name: string, key: string, element: string) => fieldLabel(name, `annotations.${key}`, element);
	const yesNo = (value: unknown, name: string, key: string, element: string, forced = false) => leaf(element, forced || reader.flag(value, label(name, key, element)) ? '1' : '2', label(name, key, element));
	const reverseChargeLines = lines.some((line) => line.rate.code === 'oo' || line.rate.code === 'np II');

	const exemptLines = lines.filter((line) => line.rate.code === 'zw');
	const basisField = label('Exemption Basis', 'exemptionBasis', 'P_19A/P_19B/P_19C');
	const textField = label('Exemption Legal Basis', 'exemptionText', 'P_19A/P_19B/P_19C');
	const exemptionText = reader.text(a.exemptionText, textField);
	const exemptionBasis = reader.choice(a.exemptionBasis, basisField, ['act', 'directive', 'other'] as const, 'act');
	if (exemptLines.length && !exemptionText) reader.report(textField, `is required because line ${exemptLines[0].index + 1} is exempt (zw): name the provision, e.g. "art. 43 ust. 1 pkt 37 ustawy o VAT"`);
	const exemption = exemptionText
		? [leaf('P_19', '1', textField), leaf({ act: 'P_19A', directive: 'P_19B', other: 'P_19C' }[exemptionBasis ?? 'act'], exemptionText, textField)]
		: [leaf('P_19N', '1')];

	const marginField = label('Margin Scheme', 'marginScheme', 'PMarzy');
	const margin = reader.optionalChoice(a.marginScheme, marginField, ['travelAgency', 'usedGoods', 'worksOfArt', 'antiques'] as const);
	const marginLine = lines.find((line) => line.rate.netField === 'P_13_11');
	if (marginLine && !margin) reader.report(marginField, `is required because line ${marginLine.index + 1} is sold under the margin scheme: travelAgency, usedGoods, worksOfArt or antiques`);
	const marginElements = margin
		? [leaf('P_PMarzy', '1', marginField), leaf({ travelAgency: 'P_PMarzy_2', usedGoods: 'P_PMarzy_3_1', worksOfArt: 'P_PMarzy_3_2', antiques: 'P_PMarzy_3_3' }[margin], '1', marginField)]
		: [leaf('P_PMarzyN', '1')];

	return node('Adnotacje', [
		yesNo(a.cashAccounting, 'Cash Accounting', 'cashAccounting', 'P_16'),
		yesNo(a.selfBilling, 'Self-Billing', 'selfBilling', 'P_17'),
		yesNo(a.reverseCharge, 'Reverse Charge', 'reverseCharge', 'P_18', reverseChargeLines),
		yesNo(a.splitPayment, 'Split Payment', 'splitPayment', 'P_18A'),
		node('Zwolnienie', exemption),
		node('NoweSrodkiTransportu', [leaf('P_22N', '1')]),
		yesNo(a.simplifiedTriangular, 'Simplified Triangular Procedure', 'simplifiedTriangular', 'P_23'),
		node('PMarzy', marginElements),
	]);
}

function correctionElements(reader: FieldReader, correction: CorrectionFields | undefined, verifyChecksums: boolean): XmlElement[] {
	const c = correction ?? ({} as CorrectionFields);
	const reasonField = fieldLabel('Correction Reason', 'correction.reason', 'PrzyczynaKorekty');
	const typeField = fieldLabel('Correction Type', 'correction.type', 'TypKorekty');
	const type = reader.optionalChoice(c.type === undefined ? undefined : String(c.type), typeField, ['1', '2', '3'] as const);
	const listField = fieldLabel('Corrected Invoices', 'correction.correctedInvoices', 'DaneFaKorygowanej');
	const corrected = reader.list(c.correctedInvoices, listField);
	if (!corrected.length) reader.report(listField, 'must name the invoice being corrected (its number, issue date and KSeF number)');
	return [
		...leaf('PrzyczynaKorekty', reader.text(c.reason, reasonField), reasonField),
		...leaf('TypKorekty', type, typeField),
		...corrected.map((invoice, index) => {
			const path = `correction.correctedInvoices[${index}]`;
			const dateField = fieldLabel(`Corrected Invoice ${index + 1} Issue Date`, `${path}.issueDate`, 'DataWystFaKorygowanej');
			const numberField = fieldLabel(`Corrected Invoice ${index + 1} Number`, `${path}.invoiceNumber`, 'NrFaKorygowanej');
			const ksefField = fieldLabel(`Corrected Invoice ${index + 1} KSeF Number`, `${path}.ksefNumber`, 'NrKSeFFaKorygowanej');
			const inKsef = invoice?.ksefNumber ? [leaf('NrKSeF', '1', ksefField), leaf('NrKSeFFaKorygowanej', reader.ksefNumber(invoice.ksefNumber, ksefField, verifyChecksums), ksefField)] : [leaf('NrKSeFN', '1', ksefField)];
			return node('DaneFaKorygowanej', [
				leaf('DataWystFaKorygowanej', reader.date(invoice?.issueDate, dateField, true), dateField),
				leaf('NrFaKorygowanej', reader.text(invoice?.invoiceNumber, numberField, { required: true }), numberField),
				...inKsef,
			]);
		}),
	];
}

type Adjustment = { amount: Money; reason: string | undefined; amountField: string; reasonField: string };

/** Rozliczenie's charges (Obciazenia) and deductions (Odliczenia), and what is then due. */
function settlementOf(reader: FieldReader, fields: InvoiceFields, totals: InvoiceTotals): { charges: Adjustment[]; deductions: Adjustment[]; due: Money } | undefined {
	const read = (key: 'charges' | 'deductions', label: string, element: string): Adjustment[] =>
		reader.list(fields[key], fieldLabel(label, key, element)).flatMap((entry, index) => {
			const amountField = fieldLabel(`${label} ${index + 1} Amount`, `${key}[${index}].amount`, 'Kwota');
			const reasonField = fieldLabel(`${label} ${index + 1} Reason`, `${key}[${index}].reason`, 'Powod');
			const amount = reader.decimal(entry?.amount, amountField, { required: true, maxDecimals: 2 });
			const reason = reader.text(entry?.reason, reasonField, { required: true });
			return amount ? [{ amount, reason, amountField, reasonField }] : [];
		});
	if (fields.charges === undefined && fields.deductions === undefined) return undefined;
	const charges = read('charges', 'Charge', 'Obciazenia');
	const deductions = read('deductions', 'Deduction', 'Odliczenia');
	return { charges, deductions, due: totals.gross.plus(sum(charges.map((c) => c.amount))).minus(sum(deductions.map((d) => d.amount))) };
}

function settlementElement(reader: FieldReader, fields: InvoiceFields, totals: InvoiceTotals): XmlElement[] {
	const settlement = settlementOf(reader, fields, totals);
	if (!settlement) return [];
	const entries = (wrapper: string, list: Adjustment[]) => list.map((entry) => node(wrapper, [leaf('Kwota', formatAmount(entry.amount), entry.amountField), leaf('Powod', entry.reason, entry.reasonField)]));
	const dueField = fieldLabel('Charges and Deductions', 'charges/deductions', 'DoZaplaty');
	return [
		node('Rozliczenie', [
			entries('Obciazenia', settlement.charges),
			settlement.charges.length ? leaf('SumaObciazen', formatAmount(sum(settlement.charges.map((c) => c.amount))), dueField) : [],
			entries('Odliczenia', settlement.deductions),
			settlement.deductions.length ? leaf('SumaOdliczen', formatAmount(sum(settlement.deductions.map((d) => d.amount))), dueField) : [],
			// What is left is either to pay or, when the deductions exceed it, to settle (refund or offset).
			settlement.due.isNegative() ? leaf('DoRozliczenia', formatAmount(settlement.due.abs()), dueField) : leaf('DoZaplaty', formatAmount(settlement.due), dueField),
		]),
	];
}

function paymentElement(reader: FieldReader, payment: PaymentFields | undefined, issueDate: string): XmlElement[] {
	if (!payment || typeof payment !== 'object') return [];
	const label = (name: string, key: string, element: string) => fieldLabel(name, `payment.${key}`, element);
	const paidField = label('Paid', 'paid', 'Zaplacono');
	const paid = reader.flag(payment.paid, paidField);
	const paidDate = reader.date(payment.paidDate ?? (paid ? issueDate : undefined), label('Paid Date', 'paidDate', 'DataZaplaty'));
	const dueDates = (typeof payment.dueDates === 'string' ? payment.dueDates.split(/[,;]/) : reader.list(payment.dueDates, label('Due Dates', 'dueDates', 'Termin')))
		.map((date) => String(date).trim())
		.filter(Boolean);
	const methodField = label('Payment Method', 'method', 'FormaPlatnosci');
	const methods = Object.keys(PAYMENT_METHODS) as Array<keyof typeof PAYMENT_METHODS>;
	const method = payment.method ? reader.choice(payment.method, methodField, methods) : undefined;
	const accountField = label('Bank Account', 'bankAccount', 'NrRB');
	const account = reader.text(payment.bankAccount, accountField)?.replace(/[\s-]/g, '').toUpperCase();
	if (account && !/^[A-Z0-9]{10,34}$/.test(account)) reader.report(accountField, `"${payment.bankAccount}" is not an account number (NRB or IBAN, 10-34 letters and digits)`);
	const swiftField = label('SWIFT', 'swift', 'SWIFT');
	const elements: XmlElement[] = [
		...(paid ? [leaf('Zaplacono', '1', paidField), leaf('DataZaplaty', paidDate, label('Paid Date', 'paidDate', 'DataZaplaty'))].flat() : []),
		...dueDates.map((date, index) => node('TerminPlatnosci', [leaf('Termin', reader.date(date, label(`Due Date ${index + 1}`, 'dueDates', 'Termin')), label(`Due Date ${index + 1}`, 'dueDates', 'Termin'))])),
		...leaf('FormaPlatnosci', method && PAYMENT_METHODS[method], methodField),
		...(account
			? [
					node(
						'RachunekBankowy',
						[
							leaf('NrRB', account, accountField),
							leaf('SWIFT', reader.text(payment.swift, swiftField)?.toUpperCase(), swiftField),
							leaf('NazwaBanku', reader.text(payment.bankName, label('Bank Name', 'bankName', 'NazwaBanku')), label('Bank Name', 'bankName', 'NazwaBanku')),
							leaf('OpisRachunku', reader.text(payment.bankAccountDescription, label('Account Description', 'bankAccountDescription', 'OpisRachunku')), label('Account Description', 'bankAccountDescription', 'OpisRachunku')),
						],
						accountField,
					),
				]
			: []),
	];
	return elements.length ? [node('Platnosc', elements)] : [];
}

function transactionElement(reader: FieldReader, fields: InvoiceFields): XmlElement[] {
	const entries = (key: 'contracts' | 'orders', wrapper: string, dateName: string, numberName: string) =>
		reader.list(fields[key], fieldLabel(key === 'orders' ? 'Orders' : 'Contracts', key, wrapper)).map((entry, index) => {
			const dateField = fieldLabel(`${key === 'orders' ? 'Order' : 'Contract'} ${index + 1} Date`, `${key}[${index}].date`, dateName);
			const numberField = fieldLabel(`${key === 'orders' ? 'Order' : 'Contract'} ${index + 1} Number`, `${key}[${index}].number`, numberName);
			return node(wrapper, [leaf(dateName, reader.date(entry?.date, dateField), dateField), leaf(numberName, reader.text(entry?.number, numberField), numberField)]);
		});
	const children = [...entries('contracts', 'Umowy', 'DataUmowy', 'NrUmowy'), ...entries('orders', 'Zamowienia', 'DataZamowienia', 'NrZamowienia')];
	return children.length ? [node('WarunkiTransakcji', children)] : [];
}

function footerElement(reader: FieldReader, fields: InvoiceFields): XmlElement[] {
	const footerField = fieldLabel('Footer', 'footer', 'StopkaFaktury');
	const footer = reader.text(fields.footer, footerField, { maxLength: 3500 });
	const registers = fields.registers ?? {};
	const register = (key: 'krs' | 'regon' | 'bdo', element: string, pattern: RegExp, hint: string) => {
		const field = fieldLabel(element, `registers.${key}`, element);
		const value = reader.text(registers[key], field);
		if (value && !pattern.test(value)) reader.report(field, `"${value}" is not a ${element} number (${hint})`);
		return leaf(element, value, field);
	};
	const registerElements = [register('krs', 'KRS', /^\d{10}$/, '10 digits'), register('regon', 'REGON', /^(\d{9}|\d{14})$/, '9 or 14 digits'), register('bdo', 'BDO', /^\d{1,9}$/, 'up to 9 digits')].flat();
	const children = [...(footer ? [node('Informacje', [leaf('StopkaFaktury', footer, footerField)])] : []), ...(registerElements.length ? [node('Rejestry', registerElements)] : [])];
	return children.length ? [node('Stopka', children)] : [];
}
