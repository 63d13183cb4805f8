import type { PdfLanguage } from './labels';

/**
 * Amounts as the reader's language writes them, from the exact decimal text of the invoice (never through a float,
 * so 0.1 + 0.2 problems cannot appear): "1 666,66" in Polish, "1,666.66" in English. Values that are not plain
 * decimals are shown as they are.
 */
export function formatAmount(value: string | undefined, language: PdfLanguage, minimumDecimals = 2): string {
	if (value === undefined) return '';
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
	if (!match) return value;
	const [, sign, whole, fraction = ''] = match;
	const decimals = fraction.padEnd(minimumDecimals, '0');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'pl' ? ' ' : ',');
	return `${sign}${grouped}${decimals ? (language === 'pl' ? ',' : '.') + decimals : ''}`;
}

/** Quantities and unit prices: as many decimals as the invoice gives, none added. */
export function formatNumber(value: string | undefined, language: PdfLanguage): string {
	return formatAmount(value, language, 0);
}

/** Sums exact decimal strings (amounts in FA(3) have at most 8 decimals), for gross = net + VAT. */
export function addAmounts(...values: Array<string | undefined>): string | undefined {
	const present = values.filter((value): value is string => value !== undefined && /^-?\d+(\.\d+)?$/.test(value.trim()));
	if (present.length === 0) return undefined;
	const scale = Math.max(...present.map((value) => value.split('.')[1]?.length ?? 0), 2);
	const total = present.reduce((sum, value) => {
		const [whole, fraction = ''] = value.trim().replace('-', '').split('.');
		const units = BigInt(whole + fraction.padEnd(scale, '0'));
		return sum + (value.trim().startsWith('-') ? -units : units);
	}, 0n);
	const negative = total < 0n;
	const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
	return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** FA(3) dates are YYYY-MM-DD; date-times are shown without the T. */
export function formatDate(value: string | undefined): string {
	if (!value) return '';
	return value.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}).*$/, '$1 $2');
}
