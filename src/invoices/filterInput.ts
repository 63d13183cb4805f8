import type { components } from '../api/ksefApi';
import { nipProblem, normalizeNip } from '../domain/nip';
import { ksefNumberProblem, normalizeKsefNumber } from '../domain/ksefNumber';
import { KsefInputError } from '../errors/KsefInputError';

type CurrencyCode = components['schemas']['CurrencyCode'];

/**
 * Query filters typed by people: what is unambiguous is normalised (a lower-case KSeF number, "zł", "1 234,56"),
 * the rest is refused before the request with the form KSeF accepts, instead of coming back from KSeF as 400.
 */

// The spec's CurrencyCode enum (openapi.json); a code outside it is answered 400.
const CURRENCY_CODES: ReadonlySet<string> = new Set<CurrencyCode>([
	'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF',
	'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF',
	'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB',
	'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GGP', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG',
	'HUF', 'IDR', 'ILS', 'IMP', 'INR', 'IQD', 'IRR', 'ISK', 'JEP', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF',
	'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK',
	'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
	'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR',
	'SDG', 'SEK', 'SGD', 'SHP', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND',
	'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VES', 'VND', 'VUV',
	'WST', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU',
	'XUA', 'XXX', 'YER', 'ZAR', 'ZMW', 'ZWL',
]);

// Symbols and names with one meaning; "$" (USD, CAD, AUD…) and "kr" (SEK, NOK, DKK…) have several and are refused.
const CURRENCY_ALIASES: Record<string, CurrencyCode> = {
	'ZŁ': 'PLN', ZL: 'PLN', 'ZŁOTY': 'PLN', 'ZŁOTE': 'PLN', 'ZŁOTYCH': 'PLN', ZLOTY: 'PLN', '€': 'EUR', EURO: 'EUR', '£': 'GBP', '¥': 'JPY', 'KČ': 'CZK', 'FT': 'HUF', '₴': 'UAH',
};

export function currencyCodes(text: string, field = 'Currencies'): CurrencyCode[] {
	return text
		.split(/[\s,;]+/)
		.filter(Boolean)
		.map((raw) => {
			const upper = raw.toUpperCase();
			const code = CURRENCY_CODES.has(upper) ? upper : CURRENCY_ALIASES[upper];
			if (!code) {
				throw new KsefInputError(
					field,
					`contains "${raw}", which is not an ISO 4217 currency code KSeF knows`,
					'Use three-letter codes separated by commas, e.g. PLN, EUR, USD.',
				);
			}
			return code as CurrencyCode;
		});
}

/** An amount from a number or text such as "1 234,56" or "1234.56"; undefined when empty. */
export function amount(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
	} else if (typeof value === 'string') {
		const compact = value.replace(/[\s\u00a0']/g, '');
		// A comma alone is the Polish decimal separator; with a dot as well, which one is decimal is a guess.
		const normalised = compact.includes(',') && compact.includes('.') ? undefined : compact.replace(',', '.');
		const parsed = normalised !== undefined && /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN;
		if (Number.isFinite(parsed)) return parsed;
	}
	throw new KsefInputError(field, `is ${JSON.stringify(value)}, not an amount`, 'Write a number such as 1234.56 (or 1234,56); leave it empty for no limit.');
}

export function ksefNumberFilter(value: string, field = 'KSeF Number'): string {
	const normalized = normalizeKsefNumber(value).replace(/\s+/g, '');
	const problem = ksefNumberProblem(normalized);
	if (problem) throw new KsefInputError(field, problem, 'Copy the number exactly as KSeF assigned it (35 characters, e.g. 5265877635-20250826-0100001AF629-AF).');
	return normalized;
}

export function nipFilter(value: string, field: string): string {
	const nip = normalizeNip(value);
	const problem = nipProblem(nip);
	if (problem) throw new KsefInputError(field, problem, 'Enter the 10-digit Polish NIP (spaces, dashes and a PL prefix are fine).');
	return nip;
}
