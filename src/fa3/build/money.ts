import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for amounts: a private Decimal class, so settings never leak into (or from) other code
 * that uses decimal.js. ROUND_HALF_UP is the Polish rule for tax amounts on invoices: fractions below half a grosz
 * are dropped, half a grosz and more round up to a full grosz (away from zero for negative corrections).
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Money = InstanceType<typeof Money>;

export const ZERO = new Money(0);

// A plain decimal number as people and spreadsheets write it: 1234.5, -0.95, 1 234,50 (spaces as thousands
// separators and a decimal comma are accepted because Polish sheets use them).
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A decimal from a user's value, or undefined when it is not a plain number. JS numbers are read from their shortest text form, never from binary. */
export function parseDecimal(value: unknown): Money | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? new Money(String(value)) : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/[\s\u00a0]/g, '').replace(',', '.');
	return DECIMAL_TEXT.test(text) ? new Money(text) : undefined;
}

/** Rounded to grosze (2 places), half up. */
export function roundToGrosz(value: Money): Money {
	return value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

/** An amount as FA(3) writes TKwotowy: always two decimals, e.g. 2051.00, -37.40. */
export function formatAmount(value: Money): string {
	const text = roundToGrosz(value).toFixed(2);
	return text === '-0.00' ? '0.00' : text;
}

/** A quantity or unit price as given, without trailing zeros (TIlosci: up to 6 places, TKwotowy2: up to 8). */
export function formatPlain(value: Money): string {
	return value.toFixed();
}

export function sum(values: readonly Money[]): Money {
	return values.reduce((total, value) => total.plus(value), ZERO);
}
