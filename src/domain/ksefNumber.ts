/**
 * KSeF numbers: `NNNNNNNNNN-YYYYMMDD-XXXXXXXXXXXX-CC` — seller NIP, acceptance date, 12 uppercase hex, and a
 * CRC-8 (poly 0x07, init 0, no reflection) over the first 32 characters as two uppercase hex digits.
 */
const KSEF_NUMBER = /^(\d{10})-(\d{8})-([0-9A-F]{12})-([0-9A-F]{2})$/;

export function crc8(text: string): number {
	let crc = 0;
	for (const byte of Buffer.from(text, 'utf8')) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
	}
	return crc;
}

export function ksefNumberChecksum(first32: string): string {
	return crc8(first32).toString(16).toUpperCase().padStart(2, '0');
}

export interface ParsedKsefNumber {
	sellerNip: string;
	/** YYYY-MM-DD, the day KSeF accepted the invoice. */
	acceptanceDate: string;
}

/** Why `value` is not a KSeF number, or undefined when it is one (format and checksum). */
export function ksefNumberProblem(value: string): string | undefined {
	const match = KSEF_NUMBER.exec(value);
	if (!match) return `"${value}" is not a KSeF number (expected 35 characters like 5265877635-20250826-0100001AF629-AF).`;
	if (ksefNumberChecksum(value.slice(0, 32)) !== match[4]) return `"${value}" has a wrong checksum; check it for a typo.`;
	return undefined;
}

export function parseKsefNumber(value: string): ParsedKsefNumber | undefined {
	const match = KSEF_NUMBER.exec(value);
	if (!match || ksefNumberProblem(value)) return undefined;
	const [, sellerNip, date] = match;
	return { sellerNip, acceptanceDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` };
}
