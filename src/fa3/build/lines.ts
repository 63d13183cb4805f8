import type { InvoiceKind, LineFields, PriceBasis } from './fields';
import { fieldLabel, type FieldReader } from './fieldReader';
import { formatAmount, formatPlain, Money, ZERO } from './money';
import { lineAmounts, type PricedLine } from './totals';
import { vatRateOf, VAT_RATE_CODES } from './vatRates';
import { leaf, node, type XmlElement } from './xmlTree';

export interface CheckedLine extends PricedLine {
	fields: LineFields;
	index: number;
	lineNumber: number;
}

const GTU = /^GTU_(0[1-9]|1[0-3])$/;

const label = (index: number, name: string, key: string, element?: string) => fieldLabel(`Line ${index + 1} ${name}`, `lines[${index}].${key}`, element);

/** Reads the line items; every problem names the line (1-based, as users count) and the field. */
export function readLines(reader: FieldReader, lines: LineFields[], kind: InvoiceKind, basis: PriceBasis): CheckedLine[] {
	const checked: CheckedLine[] = [];
	const priceElement = basis === 'gross' ? 'P_9B' : 'P_9A';
	lines.forEach((fields, index) => {
		if (!fields || typeof fields !== 'object') {
			reader.report(fieldLabel(`Line ${index + 1}`, `lines[${index}]`), 'must be an object with name, quantity, unitPrice and vatRate');
			return;
		}
		reader.text(fields.name, label(index, 'Name', 'name', 'P_7'), { required: true, maxLength: 512 });
		const valueElement = basis === 'gross' ? 'P_11A' : 'P_11';
		const given = (value: unknown) => value !== undefined && value !== null && value !== '';
		const fixedValue = given(fields.amount) ? reader.decimal(fields.amount, label(index, 'Amount', 'amount', valueElement), { maxDecimals: 2, allowNegative: kind === 'KOR' }) : undefined;
		if (given(fields.amount) && (given(fields.unitPrice) || given(fields.quantity) || given(fields.discount))) {
			reader.report(label(index, 'Amount', 'amount', valueElement), 'is for lines without quantity and unit price; give either amount, or quantity and unit price');
		}
		const quantity = reader.decimal(fields.quantity ?? 1, label(index, 'Quantity', 'quantity', 'P_8B'), { maxDecimals: 6, allowNegative: kind === 'KOR' });
		const unitPrice = given(fields.amount) ? ZERO : reader.decimal(fields.unitPrice, label(index, 'Unit Price', 'unitPrice', priceElement), { required: true, maxDecimals: 8, allowNegative: kind === 'KOR' });
		const discount = reader.decimal(fields.discount, label(index, 'Discount per Unit', 'discount', 'P_10'), { maxDecimals: 8 });
		if (discount && kind === 'ZAL') reader.report(label(index, 'Discount per Unit', 'discount', 'P_10'), 'is not part of an order line (ZamowienieWiersz); give the discounted unit price instead');
		const rateField = label(index, 'VAT Rate', 'vatRate', 'P_12');
		const rate = vatRateOf(fields.vatRate);
		if (!rate) reader.report(rateField, fields.vatRate === undefined || fields.vatRate === '' ? `is required; one of ${VAT_RATE_CODES.join(', ')}` : `"${String(fields.vatRate)}" is not an FA(3) rate; use one of ${VAT_RATE_CODES.join(', ')}`);
		const before = reader.flag(fields.before, label(index, 'Before Correction', 'before', 'StanPrzed'));
		if (before && kind !== 'KOR') reader.report(label(index, 'Before Correction', 'before', 'StanPrzed'), 'only applies to corrections (kind KOR)');
		const lineNumber = fields.lineNumber === undefined || fields.lineNumber === null || (fields.lineNumber as unknown) === '' ? index + 1 : Number(fields.lineNumber);
		if (!Number.isInteger(lineNumber) || lineNumber < 1) reader.report(label(index, 'Line Number', 'lineNumber', 'NrWierszaFa'), `"${String(fields.lineNumber)}" is not a whole number from 1`);
		const gtuField = label(index, 'GTU', 'gtu', 'GTU');
		const gtu = reader.text(fields.gtu, gtuField)?.toUpperCase();
		if (gtu && !GTU.test(gtu)) reader.report(gtuField, `"${gtu}" is not one of GTU_01 … GTU_13`);
		reader.date(fields.saleDate, label(index, 'Sale Date', 'saleDate', 'P_6A'));
		if (quantity && unitPrice && rate && (fixedValue || !given(fields.amount))) checked.push({ fields, index, lineNumber, rate, quantity, unitPrice, discount: discount ?? ZERO, before, fixedValue });
	});
	return checked;
}

/** FaWiersz elements, in the schema's order. */
export function invoiceLineElements(reader: FieldReader, lines: CheckedLine[], basis: PriceBasis, exchangeRate: Money | undefined): XmlElement[] {
	return lines.map((line) => {
		const { fields, index } = line;
		const amounts = lineAmounts(line, basis);
		const text = (key: keyof typeof fields, name: string, element: string, maxLength = 50) => leaf(element, reader.text(fields[key], label(index, name, String(key), element), { maxLength }), label(index, name, String(key), element));
		return node(
			'FaWiersz',
			[
				leaf('NrWierszaFa', String(line.lineNumber), label(index, 'Line Number', 'lineNumber', 'NrWierszaFa')),
				text('uuid', 'UUID', 'UU_ID'),
				leaf('P_6A', reader.date(fields.saleDate, label(index, 'Sale Date', 'saleDate', 'P_6A')), label(index, 'Sale Date', 'saleDate', 'P_6A')),
				leaf('P_7', reader.text(fields.name, label(index, 'Name', 'name', 'P_7'), { maxLength: 512 }), label(index, 'Name', 'name', 'P_7')),
				text('index', 'Index', 'Indeks'),
				text('gtin', 'GTIN', 'GTIN', 20),
				text('pkwiu', 'PKWiU', 'PKWiU'),
				text('cn', 'CN', 'CN'),
				leaf('P_8A', reader.text(fields.unit, label(index, 'Unit', 'unit', 'P_8A')), label(index, 'Unit', 'unit', 'P_8A')),
				line.fixedValue ? [] : leaf('P_8B', formatPlain(line.quantity), label(index, 'Quantity', 'quantity', 'P_8B')),
				line.fixedValue ? [] : basis === 'gross'
					? leaf('P_9B', formatPlain(line.unitPrice), label(index, 'Unit Price', 'unitPrice', 'P_9B'))
					: leaf('P_9A', formatPlain(line.unitPrice), label(index, 'Unit Price', 'unitPrice', 'P_9A')),
				line.discount.isZero() ? [] : leaf('P_10', formatPlain(line.discount), label(index, 'Discount per Unit', 'discount', 'P_10')),
				leaf(basis === 'gross' ? 'P_11A' : 'P_11', formatAmount(amounts.value), label(index, line.fixedValue ? 'Amount' : 'Unit Price', line.fixedValue ? 'amount' : 'unitPrice', basis === 'gross' ? 'P_11A' : 'P_11')),
				leaf('P_12', line.rate.code, label(index, 'VAT Rate', 'vatRate', 'P_12')),
				leaf('GTU', fields.gtu ? String(fields.gtu).trim().toUpperCase() : undefined, label(index, 'GTU', 'gtu', 'GTU')),
				exchangeRate ? leaf('KursWaluty', formatPlain(exchangeRate), fieldLabel('Exchange Rate', 'exchangeRate', 'KursWaluty')) : [],
				line.before ? leaf('StanPrzed', '1', label(index, 'Before Correction', 'before', 'StanPrzed')) : [],
			],
			fieldLabel(`Line ${index + 1}`, `lines[${index}]`),
		);
	});
}

/** ZAL: the ordered goods (Zamowienie), with the order's gross value; the advance is then split over their rates. */
export function orderElement(reader: FieldReader, lines: CheckedLine[], basis: PriceBasis): { element: XmlElement; grossByRate: Array<{ rate: CheckedLine['rate']; gross: Money }> } {
	const grossByRate = new Map<string, { rate: CheckedLine['rate']; gross: Money }>();
	let orderValue = ZERO;
	const rows = lines.map((line) => {
		const { fields, index } = line;
		const amounts = lineAmounts(line, basis);
		const gross = amounts.net.plus(amounts.vat);
		orderValue = orderValue.plus(gross);
		const entry = grossByRate.get(line.rate.netField) ?? { rate: line.rate, gross: ZERO };
		entry.gross = entry.gross.plus(gross);
		grossByRate.set(line.rate.netField, entry);
		return node(
			'ZamowienieWiersz',
			[
				leaf('NrWierszaZam', String(line.lineNumber), label(index, 'Line Number', 'lineNumber', 'NrWierszaZam')),
				leaf('UU_IDZ', reader.text(fields.uuid, label(index, 'UUID', 'uuid', 'UU_IDZ'), { maxLength: 50 }), label(index, 'UUID', 'uuid', 'UU_IDZ')),
				leaf('P_7Z', reader.text(fields.name, label(index, 'Name', 'name', 'P_7Z'), { maxLength: 512 }), label(index, 'Name', 'name', 'P_7Z')),
				leaf('P_8AZ', reader.text(fields.unit, label(index, 'Unit', 'unit', 'P_8AZ')), label(index, 'Unit', 'unit', 'P_8AZ')),
				line.fixedValue ? [] : leaf('P_8BZ', formatPlain(line.quantity), label(index, 'Quantity', 'quantity', 'P_8BZ')),
				basis === 'net' && !line.fixedValue ? leaf('P_9AZ', formatPlain(line.unitPrice), label(index, 'Unit Price', 'unitPrice', 'P_9AZ')) : [],
				leaf('P_11NettoZ', formatAmount(amounts.net), label(index, 'Unit Price', 'unitPrice', 'P_11NettoZ')),
				line.rate.vatField ? leaf('P_11VatZ', formatAmount(amounts.vat), label(index, 'VAT Rate', 'vatRate', 'P_11VatZ')) : [],
				leaf('P_12Z', line.rate.code, label(index, 'VAT Rate', 'vatRate', 'P_12Z')),
			],
			fieldLabel(`Line ${index + 1}`, `lines[${index}]`),
		);
	});
	return {
		element: node('Zamowienie', [leaf('WartoscZamowienia', formatAmount(orderValue), fieldLabel('Line Items', 'lines', 'WartoscZamowienia')), ...rows]),
		grossByRate: [...grossByRate.values()],
	};
}
