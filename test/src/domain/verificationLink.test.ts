import { createHash } from 'node:crypto';
import { KsefInputError } from '../../../src/errors/KsefInputError';
import { invoiceVerificationLink, qrBaseFor } from '../../../src/domain/verificationLink';
import { sampleInvoice } from '../../support/invoices';

// kody-qr.md, "KOD I": NIP 1111111111, P_1 01-02-2026, SHA-256 in Base64URL as below.
const DOC_HASH_BASE64URL = 'UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';
const DOC_LINK = 'https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';

describe('KOD I verification link', () => {
	it('reproduces the documented TEST example from its hash', () => {
		expect(invoiceVerificationLink('test', '1111111111', '2026-02-01', { invoiceHash: DOC_HASH_BASE64URL })).toBe(DOC_LINK);
	});

	it('accepts invoiceHash as KSeF reports it (standard Base64 with padding)', () => {
		const base64 = Buffer.from(DOC_HASH_BASE64URL, 'base64url').toString('base64');
		expect(base64).toMatch(/=$/);
		expect(invoiceVerificationLink('https://api-test.ksef.mf.gov.pl/v2', '1111111111', '2026-02-01', { invoiceHash: base64 })).toBe(DOC_LINK);
	});

	it('hashes the invoice file bytes exactly as sent', () => {
		const xml = sampleInvoice('FA_3_Przyklad_1.xml');
		const hash = createHash('sha256').update(xml).digest('base64url');
		expect(invoiceVerificationLink('prod', '9999999999', '2026-02-15', xml)).toBe(`https://qr.ksef.mf.gov.pl/invoice/9999999999/15-02-2026/${hash}`);
		expect(hash).toHaveLength(43);
	});

	it('uses the QR host of each environment, from its name or its API URL', () => {
		expect(qrBaseFor('test')).toBe('https://qr-test.ksef.mf.gov.pl');
		expect(qrBaseFor('demo')).toBe('https://qr-demo.ksef.mf.gov.pl');
		expect(qrBaseFor('prod')).toBe('https://qr.ksef.mf.gov.pl');
		expect(qrBaseFor('https://api-demo.ksef.mf.gov.pl/v2')).toBe('https://qr-demo.ksef.mf.gov.pl');
		expect(qrBaseFor('https://api.ksef.mf.gov.pl/v2')).toBe('https://qr.ksef.mf.gov.pl');
		expect(qrBaseFor('https://qr.ksef.mf.gov.pl')).toBe('https://qr.ksef.mf.gov.pl');
	});

	it('points a local simulator at the TEST host, never at production', () => {
		expect(qrBaseFor('http://127.0.0.1:8080/v2')).toBe('https://qr-test.ksef.mf.gov.pl');
	});

	it('refuses inputs that would make a link nobody can verify', () => {
		expect(() => invoiceVerificationLink('test', '1111111111', '01-02-2026', { invoiceHash: DOC_HASH_BASE64URL })).toThrow(/Issue date \(P_1\)/);
		expect(() => invoiceVerificationLink('test', 'PL1111111111', '2026-02-01', { invoiceHash: DOC_HASH_BASE64URL })).toThrow(KsefInputError);
		expect(() => invoiceVerificationLink('test', '1111111111', '2026-02-01', { invoiceHash: 'abc' })).toThrow(/32 bytes/);
		expect(() => invoiceVerificationLink('staging', '1111111111', '2026-02-01', { invoiceHash: DOC_HASH_BASE64URL })).toThrow(/Environment/);
	});
});
