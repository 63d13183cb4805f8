import {
	crc8,
	isValidKsefNumber,
	ksefNumberChecksum,
	ksefNumberProblem,
	normalizeKsefNumber,
	parseKsefNumber,
} from '../../../src/domain/ksefNumber';

// Numbers KSeF issued: the example in faktury/numer-ksef.md, then ones from the spec's examples and the official UPO samples.
const ISSUED = [
	'5265877635-20250826-0100001AF629-AF',
	'5265877635-20250626-010080DD2B5E-26',
	'5265877635-20250916-0200A0D6723E-C2',
	'5265877635-20250916-010040741B3E-46',
	'5265877635-20250916-0100C002FF3E-D5',
	'5265877635-20250916-02000009FF3E-FB',
	'5265877635-20250916-020000583241-84',
	'5265877635-20250925-010020A0A242-0A',
	'5555555555-20250828-010080615740-E4',
];

describe('KSeF number checksum (CRC-8, poly 0x07, init 0x00)', () => {
	it('matches the standard CRC-8 check value for "123456789"', () => {
		expect(crc8('123456789')).toBe(0xf4);
	});

	it('reproduces the documented example 5265877635-20250826-0100001AF629 → AF', () => {
		expect(ksefNumberChecksum('5265877635-20250826-0100001AF629')).toBe('AF');
	});

	it.each(ISSUED)('accepts %s, a number KSeF issued', (ksefNumber) => {
		expect(ksefNumberChecksum(ksefNumber.slice(0, 32))).toBe(ksefNumber.slice(33));
		expect(isValidKsefNumber(ksefNumber)).toBe(true);
	});

	it('pads a checksum below 0x10 to two digits', () => {
		expect(ksefNumberChecksum('5265877635-20250925-010020A0A242')).toBe('0A');
	});

	it('rejects a typo in any part, including the illustrative numbers in the FA(3) samples', () => {
		expect(ksefNumberProblem('5265877635-20250826-0100001AF629-AE')).toMatch(/wrong checksum/);
		expect(ksefNumberProblem('5265877635-20250826-0100001AF628-AF')).toMatch(/wrong checksum/);
		expect(ksefNumberProblem('9999999999-20230908-8BEF280C8D35-4D')).toMatch(/wrong checksum/);
	});
});

describe('KSeF number format', () => {
	it('parses the seller NIP and the acceptance date', () => {
		expect(parseKsefNumber('5265877635-20250826-0100001AF629-AF')).toEqual({ sellerNip: '5265877635', acceptanceDate: '2025-08-26' });
		expect(parseKsefNumber('5265877635-20250826-0100001AF629-AE')).toBeUndefined();
	});

	it('names the expected shape for something that is not a KSeF number', () => {
		expect(ksefNumberProblem('FV/2026/1')).toMatch(/not a KSeF number.*35 characters/);
		expect(ksefNumberProblem('')).toMatch(/empty/);
		expect(ksefNumberProblem('5265877635-20251326-0100001AF629-AF')).toMatch(/not a KSeF number/);
	});

	it('keeps the 36-character form of KSeF 1.0 numbers as written: it is another number, not a spelling of a 35-character one', () => {
		// openapi.json KsefNumber: 35..36 characters, `-([0-9A-F]{6})-?([0-9A-F]{6})-`, the 36 for KSeF 1.0 numbers.
		expect(normalizeKsefNumber(' 5265877635-20230826-010000-1AF629-AF ')).toBe('5265877635-20230826-010000-1AF629-AF');
		expect(ksefNumberProblem('5265877635-20230826-010000-1AF629-AF')).toBeUndefined();
		expect(parseKsefNumber('5265877635-20230826-010000-1AF629-AF')).toEqual({ sellerNip: '5265877635', acceptanceDate: '2023-08-26' });
		expect(ksefNumberProblem('5265877635-20230826-010000--1AF629-AF')).toMatch(/not a KSeF number/);
		expect(normalizeKsefNumber('5265877635-20250826-0100001af629-af')).toBe('5265877635-20250826-0100001AF629-AF');
	});

	it('points to the canonical spelling instead of calling a lowercase number wrong', () => {
		expect(ksefNumberProblem('5265877635-20250826-0100001af629-af')).toMatch(/use 5265877635-20250826-0100001AF629-AF/);
	});
});
