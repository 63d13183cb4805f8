import { readdirSync } from 'node:fs';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { inspectInvoice } from '../../src/fa3/inspect';
import { preflightInvoice } from '../../src/fa3/preflight';
import { validateFa3, validateFa3Many } from '../../src/fa3/validate';
import { INVOICE_FIXTURES, makeInvoice, sampleInvoice } from '../support/invoices';

const samples = readdirSync(INVOICE_FIXTURES).filter((name) => name.endsWith('.xml'));

describe('FA(3) inspection', () => {
	it('reads seller NIP, number, type, date and attachment flag from the official samples', () => {
		const facts = inspectInvoice(sampleInvoice('FA_3_Przyklad_1.xml'));
		expect(facts).toMatchObject({ sellerNip: '9999999999', invoiceNumber: 'FV2026/02/150', invoiceType: 'VAT', issueDate: '2026-02-15', hasAttachment: false });
		expect(inspectInvoice(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml')).hasAttachment).toBe(true);
		expect(inspectInvoice(sampleInvoice('cirfmf-pdf-generator-invoice.xml')).sellerNip).toBe('5265877635');
	});

	it('names the problem for non-XML, a wrong root and DOCTYPE tricks', () => {
		expect(() => inspectInvoice('{"json": true}')).toThrow(/not well-formed XML/);
		expect(() => inspectInvoice('<Invoice xmlns="urn:x"/>')).toThrow(/root element <Invoice>/);
		expect(() => inspectInvoice('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Faktura/>')).toThrow(KsefInputError);
	});
});

describe('FA(3) schema validation', () => {
	it('passes every official sample', async () => {
		const results = await validateFa3Many(samples.map(sampleInvoice));
		expect(results.map((result, i) => [samples[i], result.valid])).toEqual(samples.map((name) => [name, true]));
	});

	it('fails a broken invoice, naming the element and line', async () => {
		const broken = makeInvoice({ invoiceNumber: 'X/1' }).toString('utf8').replace(/<P_1>[^<]*<\/P_1>/, '<P_1>not-a-date</P_1>');
		const result = await validateFa3(broken);
		expect(result.valid).toBe(false);
		if (!result.valid) {
			expect(result.errors[0].element).toBe('P_1');
			expect(result.errors[0].line).toBeGreaterThan(1);
		}
	});

	it('pre-flight stops an attachment in an online send and explains the way out', async () => {
		await expect(preflightInvoice(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml'), { mode: 'online', validateXsd: false })).rejects.toThrow(
			/Zalacznik.*Batch Send/s,
		);
		await expect(preflightInvoice(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml'), { mode: 'batch', validateXsd: true })).resolves.toMatchObject({
			hasAttachment: true,
		});
	});

	it('pre-flight rejects invoices over 1 MB before any network call', async () => {
		const padding = `<!--${'x'.repeat(1024 * 1024)}-->`;
		const big = Buffer.from(makeInvoice({ invoiceNumber: 'BIG/1' }).toString('utf8').replace('</Faktura>', `${padding}</Faktura>`));
		await expect(preflightInvoice(big, { mode: 'online', validateXsd: false })).rejects.toThrow(/over KSeF's 1.00 MiB limit/);
	});
});

describe('validating many invoices at once', () => {
	it('attributes each error to its own document', async () => {
		const good = makeInvoice({ invoiceNumber: 'G/1' });
		const bad = Buffer.from(good.toString().replace(/<P_1>[^<]*<\/P_1>/, '<P_1>x</P_1>'));
		const results = await validateFa3Many([good, bad, good]);
		expect(results.map((result) => result.valid)).toEqual([true, false, true]);
	});
});
