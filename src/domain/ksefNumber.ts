/**
 * KSeF numbers (docs: faktury/numer-ksef.md): `NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC`, 35 characters: seller NIP,
 * acceptance date, 12 uppercase hex digits, and a CRC-8 (poly 0x07, init 0x00, no reflection, no final xor) over
 * the first 32 characters as two uppercase hex digits.
 */
// The spec's pattern (openapi.json `KsefNumber`, 35..36 characters) also admits a 36-character form with a dash
// inside the technical part: "accepted for backward compatibility with KSeF 1.0; KSeF 2.0 generates only 35
// characters". Those are different numbers (KSeF 1.0 invoices are stored under their 36 characters), so both forms
// are accepted as written and never folded into one another.
const KSEF_NUMBER = /^([1-9](?:\d[1-9]|[1-9]\d)\d{7})-((?:20[2-9]\d|2[1-9]\d{2}|[3-9]\d{3})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))-([0-9A-F]{6})(-?)([0-9A-F]{6})-([0-9A-F]{2})$/;
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

/** Trims and uppercases (KSeF's pattern has uppercase hex only); either length stays as the user wrote it. */
export function normalizeKsefNumber(value: string): string {
	return value.trim().toUpperCase();
}

export interface ParsedKsefNumber {
	sellerNip: string;
	/** YYYY-MM-DD, the day KSeF accepted the invoice. */
	acceptanceDate: string;
}

/**
 * Why `value` is not a KSeF number, or undefined when it is one: the spec's pattern, and for the 35-character form
 * of KSeF 2.0 the CRC-8. The checksum of KSeF 1.0's 36-character numbers is not documented, so KSeF judges those.
 */
export function ksefNumberProblem(value: string): string | undefined {
	if (!value.trim()) return `the KSeF number is empty. Enter the 35-character number KSeF assigned, e.g. ${EXAMPLE}.`;
	const match = KSEF_NUMBER.exec(value);
	if (!match) {
		const normalized = normalizeKsefNumber(value);
		if (normalized !== value && KSEF_NUMBER.test(normalized)) {
			return `"${value}" is not written the way KSeF expects; use ${normalized} (35 characters, uppercase).`;
		}
		return `"${value}" is not a KSeF number (expected 35 characters like ${EXAMPLE}: seller NIP, acceptance date, 12 hex digits, checksum; or the 36-character form of KSeF 1.0).`;
	}
	if (match[4] === '-') return undefined;
	if (ksefNumberChecksum(value.slice(0, 32)) !== match[6]) return `"${value}" has a wrong checksum; check it for a typo.`;
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
