import { Money, roundToGrosz, sum, ZERO } from './money';
import type { PriceBasis, VatRounding } from './fields';
import type { VatRateInfo } from './vatRates';

/** A line as the totals need it: checked, with exact decimals. */
export interface PricedLine {
	rate: VatRateInfo;
	quantity: Money;
	unitPrice: Money;
	discount: Money;
	/** KOR: the line as it stood before the correction (counts negatively). */
	before: boolean;
	/** The line's value as given, for lines without quantity and unit price. */
	fixedValue?: Money;
}

export interface LineAmounts {
	/** P_11 (net prices) or P_11A (gross prices): quantity × (unit price − discount), rounded to grosze. */
	value: Money;
	/** Net and VAT of the line alone (VAT rounded per line); used by per-line rounding and order lines. */
	net: Money;
	vat: Money;
}

export interface RateTotal {
	rate: VatRateInfo;
	net: Money;
	/** Undefined for rates without VAT (0 %, zw, np, oo, margin). */
	vat?: Money;
	/** The VAT in PLN (P_14_xW) on foreign-currency invoices. */
	vatPln?: Money;
}

export interface InvoiceTotals {
	rates: RateTotal[];
	net: Money;
	vat: Money;
	/** P_15 */
	gross: Money;
}

const HUNDRED = new Money(100);

/** VAT contained in a gross amount: gross × rate / (100 + rate) (art. 106e ust. 7-8 and art. 106f ust. 1 pkt 3). */
export function vatFromGross(gross: Money, rate: VatRateInfo): Money {
	return rate.percent === undefined ? ZERO : roundToGrosz(gross.times(rate.percent).dividedBy(HUNDRED.plus(rate.percent)));
}

export function vatFromNet(net: Money, rate: VatRateInfo): Money {
	return rate.percent === undefined ? ZERO : roundToGrosz(net.times(rate.percent).dividedBy(HUNDRED));
}

export function lineAmounts(line: PricedLine, basis: PriceBasis): LineAmounts {
	const value = line.fixedValue ?? roundToGrosz(line.quantity.times(line.unitPrice.minus(line.discount)));
	if (basis === 'gross') {
		const vat = vatFromGross(value, line.rate);
		return { value, net: value.minus(vat), vat };
	}
	return { value, net: value, vat: vatFromNet(value, line.rate) };
}

/**
 * Totals per VAT rate of ordinary lines (VAT, KOR, ROZ before advances). Per rate: VAT on the sum of the rate's
 * values; per line: the lines' rounded VAT added up. A correction's totals are the state after minus the state
 * before, each computed as its own invoice would be, so the difference matches the two invoices to the grosz.
 */
export function totalsByRate(lines: readonly PricedLine[], basis: PriceBasis, rounding: VatRounding): Array<{ rate: VatRateInfo; net: Money; vat: Money }> {
	const groups = new Map<string, { rate: VatRateInfo; after: PricedLine[]; before: PricedLine[] }>();
	for (const line of lines) {
		const group = groups.get(line.rate.netField) ?? { rate: line.rate, after: [], before: [] };
		// Two rates sharing a field (23 % and 22 %) cannot be summed into one VAT; the builder refuses that mix.
		(line.before ? group.before : group.after).push(line);
		groups.set(line.rate.netField, group);
	}
	return [...groups.values()].map(({ rate, after, before }) => {
		const state = (part: PricedLine[]) => stateTotals(part, rate, basis, rounding);
		const [a, b] = [state(after), state(before)];
		return { rate, net: a.net.minus(b.net), vat: a.vat.minus(b.vat) };
	});
}

function stateTotals(lines: PricedLine[], rate: VatRateInfo, basis: PriceBasis, rounding: VatRounding): { net: Money; vat: Money } {
	const amounts = lines.map((line) => lineAmounts(line, basis));
	if (rounding === 'perLine') return { net: sum(amounts.map((a) => a.net)), vat: sum(amounts.map((a) => a.vat)) };
	const total = sum(amounts.map((a) => a.value));
	const vat = basis === 'gross' ? vatFromGross(total, rate) : vatFromNet(total, rate);
	return { net: basis === 'gross' ? total.minus(vat) : total, vat };
}

/**
 * ZAL: the advance received, split over the order's VAT rates in proportion to their gross values (the last
 * rate takes the remainder, so the parts add up to the advance exactly); each part's VAT is
 * part × rate / (100 + rate), art. 106f ust. 1 pkt 3.
 */
export function advanceByRate(advance: Money, orderGrossByRate: ReadonlyArray<{ rate: VatRateInfo; gross: Money }>): Array<{ rate: VatRateInfo; net: Money; vat: Money }> {
	const orderGross = sum(orderGrossByRate.map((entry) => entry.gross));
	let allotted = ZERO;
	return orderGrossByRate.map(({ rate, gross }, index) => {
		const last = index === orderGrossByRate.length - 1;
		const part = last || orderGross.isZero() ? advance.minus(allotted) : roundToGrosz(advance.times(gross).dividedBy(orderGross));
		allotted = allotted.plus(part);
		const vat = vatFromGross(part, rate);
		return { rate, net: part.minus(vat), vat };
	});
}

/** The invoice's totals from the per-rate amounts, with P_14_xW for a foreign currency. */
export function invoiceTotals(byRate: ReadonlyArray<{ rate: VatRateInfo; net: Money; vat: Money }>, exchangeRate: Money | undefined): InvoiceTotals {
	const rates: RateTotal[] = byRate.map(({ rate, net, vat }) => {
		if (!rate.vatField) return { rate, net };
		return { rate, net, vat, vatPln: exchangeRate && rate.vatPlnField ? roundToGrosz(vat.times(exchangeRate)) : undefined };
	});
	const net = sum(rates.map((r) => r.net));
	const vat = sum(rates.map((r) => r.vat ?? ZERO));
	return { rates, net, vat, gross: net.plus(vat) };
}
