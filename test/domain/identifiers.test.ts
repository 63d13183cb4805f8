import { isValidNip, nipProblem, normalizeNip } from '../../src/domain/nip';
import { ksefNumberChecksum, ksefNumberProblem, parseKsefNumber } from '../../src/domain/ksefNumber';
import { invoiceVerificationLink } from '../../src/domain/verificationLink';

describe('NIP', () => {
	it('accepts checksum-valid NIPs in the forms people paste', () => {
		expect(isValidNip('5265877635')).toBe(true);
		expect(normalizeNip('PL 526-587-76-35')).toBe('5265877635');
	});
	it('says what is wrong with a bad one', () => {
		expect(nipProblem('5265877636')).toMatch(/checksum/);
		expect(nipProblem('12345')).toMatch(/not 10 digits/);
		expect(nipProblem('')).toMatch(/empty/);
	});
});

describe('KSeF number', () => {
	it('computes the checksums of the official examples', () => {
		expect(ksefNumberChecksum('5265877635-20250826-0100001AF629')).toBe('AF');
		expect(ksefNumberChecksum('5265877635-20250916-0200A0D6723E')).toBe('C2');
	});
	it('parses a valid number and rejects a typo', () => {
		expect(parseKsefNumber('5265877635-20250826-0100001AF629-AF')).toEqual({ sellerNip: '5265877635', acceptanceDate: '2025-08-26' });
		expect(ksefNumberProblem('5265877635-20250826-0100001AF629-AE')).toMatch(/checksum/);
		expect(ksefNumberProblem('FV/2026/1')).toMatch(/not a KSeF number/);
	});
});

describe('KOD I verification link', () => {
	it('follows the documented format per environment', () => {
		const link = invoiceVerificationLink('https://api-test.ksef.mf.gov.pl/v2', '1111111111', '2026-02-01', Buffer.from('<Faktura/>'));
		expect(link).toMatch(/^https:\/\/qr-test\.ksef\.mf\.gov\.pl\/invoice\/1111111111\/01-02-2026\/[A-Za-z0-9_-]{43}$/);
		expect(invoiceVerificationLink('https://api.ksef.mf.gov.pl/v2', '1111111111', '2026-02-01', Buffer.from('x'))).toMatch(/^https:\/\/qr\.ksef\.mf\.gov\.pl\//);
	});
});
