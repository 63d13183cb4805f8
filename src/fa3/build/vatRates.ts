/**
 * The VAT rates of the FA(3) schema (TStawkaPodatku) and the invoice totals each one feeds: P_13_x is the net sum,
 * P_14_x its VAT (only for rates that carry VAT) and P_14_xW that VAT in PLN on foreign-currency invoices.
 */
export interface VatRateInfo {
	/** The code written to P_12, or undefined for margin-scheme lines (no VAT is shown on them). */
	code: string | undefined;
	/** The percentage, for rates that carry VAT. */
	percent?: number;
	netField: string;
	vatField?: string;
	vatPlnField?: string;
	label: string;
}

const TAXED = (code: string, percent: number, group: number, label: string): VatRateInfo => ({
	code,
	percent,
	netField: `P_13_${group}`,
	vatField: `P_14_${group}`,
	vatPlnField: `P_14_${group}W`,
	label,
});

export const VAT_RATES: Readonly<Record<string, VatRateInfo>> = {
	'23': TAXED('23', 23, 1, '23 % (basic)'),
	'22': TAXED('22', 22, 1, '22 % (basic, former)'),
	'8': TAXED('8', 8, 2, '8 % (reduced)'),
	'7': TAXED('7', 7, 2, '7 % (reduced, former)'),
	'5': TAXED('5', 5, 3, '5 % (reduced)'),
	'4': TAXED('4', 4, 4, '4 % (taxi flat rate)'),
	'3': TAXED('3', 3, 4, '3 % (taxi flat rate, former)'),
	'0 KR': { code: '0 KR', netField: 'P_13_6_1', label: '0 % domestic' },
	'0 WDT': { code: '0 WDT', netField: 'P_13_6_2', label: '0 % intra-EU supply of goods (WDT)' },
	'0 EX': { code: '0 EX', netField: 'P_13_6_3', label: '0 % export' },
	zw: { code: 'zw', netField: 'P_13_7', label: 'exempt (zw)' },
	'np I': { code: 'np I', netField: 'P_13_8', label: 'outside Poland (np I)' },
	'np II': { code: 'np II', netField: 'P_13_9', label: 'EU services, art. 100 ust. 1 pkt 4 (np II)' },
	oo: { code: 'oo', netField: 'P_13_10', label: 'domestic reverse charge (oo)' },
	margin: { code: undefined, netField: 'P_13_11', label: 'margin scheme' },
};

/** The order of the P_13/P_14 fields in the schema. */
export const TOTAL_FIELD_ORDER = [
	'P_13_1', 'P_14_1', 'P_14_1W', 'P_13_2', 'P_14_2', 'P_14_2W', 'P_13_3', 'P_14_3', 'P_14_3W', 'P_13_4', 'P_14_4', 'P_14_4W',
	'P_13_6_1', 'P_13_6_2', 'P_13_6_3', 'P_13_7', 'P_13_8', 'P_13_9', 'P_13_10', 'P_13_11',
];

const ALIASES: Record<string, string> = {
	'0': '0 KR', '0 kr': '0 KR', '0 wdt': '0 WDT', wdt: '0 WDT', '0 ex': '0 EX', ex: '0 EX', export: '0 EX',
	exempt: 'zw', zw: 'zw', 'np i': 'np I', np: 'np I', 'np ii': 'np II', oo: 'oo', 'reverse charge': 'oo', marza: 'margin', 'marża': 'margin', margin: 'margin',
};

/** The schema's rate for what a user typed ("23", "23%", 23, "0 WDT", "zw", "exempt"…), or undefined. */
export function vatRateOf(value: unknown): VatRateInfo | undefined {
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/\s*%$/, '').replace(/\s+/g, ' ');
	return VAT_RATES[text] ?? VAT_RATES[ALIASES[text.toLowerCase()] ?? ''];
}

// Written out: integer-like object keys would come back sorted ascending.
export const VAT_RATE_CODES = ['23', '22', '8', '7', '5', '4', '3', '0 KR', '0 WDT', '0 EX', 'zw', 'np I', 'np II', 'oo', 'margin'];
