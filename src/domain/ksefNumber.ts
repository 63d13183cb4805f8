/**
 * KSeF numbers (docs: faktury/numer-ksef.md): `NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC`, 35 characters: seller NIP,
 * acceptance date, 12 uppercase hex digits, and a CRC-8 (poly 0x07, init 0x00, no reflection, no final xor) over
 * the first 32 characters as two uppercase hex digits.
 */
// The spec's pattern (openapi.json `KsefNumber`) also admits a 36-character form with a dash inside the technical
// part; normalizeKsefNumber folds it into the canonical 35 characters.
const KSEF_NUMBER = /^([1-9](?:\d[1-9]|[1-9]\d)\d{7})-((?:20[2-9]\d|2[1-9]\d{2}|[3-9]\d{3})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))-([0-9A-F]{12})-([0-9A-F]{2})$/;
const SPLIT_TECHNICAL_PART = /^(\d{10}-\d{8}-[0-9A-F]{6})-([0-9A-F]{6}-[0-9A-F]{2})$/;
const EXAMPLE = '5265877635-20250826-0100001AF629-AF';

export function crc8(text: string): number {
	let crc = 0;
	for (const byte of Buffer.from(text, 'utf8')) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
	}
	return crc;
}

/** The two checksum characters for the first 32 characters of a KSeF number. */
export function ksefNumberChecksum(first32: string): string {
	return crc8(first32).toString(16).toUpperCase().padStart(2, '0');
}

/** Trims, uppercases, and joins the 36-character form; what KSeF expects in paths and filters. */
export function normalizeKsefNumber(value: string): string {
	const upper = value.trim().toUpperCase();
	return upper.replace(SPLIT_TECHNICAL_PART, '$1$2');
}

export interface ParsedKsefNumber {
	sellerNip: string;
	/** YYYY-MM-DD, the day KSeF accepted the invoice. */
	acceptanceDate: string;
}

/** Why `value` is not a KSeF number, or undefined when it is one (format and checksum). Expects the canonical form. */
export function ksefNumberProblem(value: string): string | undefined {
	if (!value.trim()) return `the KSeF number is empty. Enter the 35-character number KSeF assigned, e.g. ${EXAMPLE}.`;
	const match = KSEF_NUMBER.exec(value);
	if (!match) {
		const normalized = normalizeKsefNumber(value);
		if (normalized !== value && KSEF_NUMBER.test(normalized)) {
			return `"${value}" is not written the way KSeF expects; use ${normalized} (35 characters, uppercase).`;
		}
		return `"${value}" is not a KSeF number (expected 35 characters like ${EXAMPLE}: seller NIP, acceptance date, 12 hex digits, checksum).`;
	}
	if (ksefNumberChecksum(value.slice(0, 32)) !== match[4]) return `"${value}" has a wrong checksum; check it for a typo.`;
	return undefined;
}

export function isValidKsefNumber(value: string): boolean {
	return ksefNumberProblem(value) === undefined;
}

export function parseKsefNumber(value: string): ParsedKsefNumber | undefined {
	const match = KSEF_NUMBER.exec(value);
	if (!match || ksefNumberProblem(value)) return undefined;
	const [, sellerNip, date] = match;
	return { sellerNip, acceptanceDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` };
}
