import { readdirSync } from 'node:fs';
import { KsefInputError } from '../../../src/errors/KsefInputError';
import { inspectInvoice } from '../../../src/fa3/inspect';
import { FA3_NAMESPACE } from '../../../src/fa3/schemaFiles';
import { INVOICE_FIXTURES, sampleInvoice } from '../../support/invoices';

const samples = readdirSync(INVOICE_FIXTURES).filter((name) => name.endsWith('.xml'));
const WITH_ATTACHMENT = ['FA_3_Przyklad_24_zalacznik.xml', 'FA_3_Przyklad_25_zalacznik.xml'];

function sampleText(name: string): string {
	return sampleInvoice(name).toString('utf8');
}

function inputErrorOf(run: () => unknown): KsefInputError {
	try {
		run();
	} catch (error) {
		if (error instanceof KsefInputError) return error;
		throw error;
	}
	throw new Error('expected a KsefInputError');
}

describe('reading facts from FA(3) invoices', () => {
	it('reads number, type, dates, currency and gross amount of the first official sample', () => {
		expect(inspectInvoice(sampleInvoice('FA_3_Przyklad_1.xml'))).toEqual({
			namespace: FA3_NAMESPACE,
			formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
			sellerNip: '9999999999',
			invoiceNumber: 'FV2026/02/150',
			invoiceType: 'VAT',
			issueDate: '2026-02-15',
			currency: 'PLN',
			grossAmount: '2051',
			hasAttachment: false,
		});
	});

	it.each(samples)('finds the seller NIP and attachment flag of %s', (name) => {
		const facts = inspectInvoice(sampleInvoice(name));
		expect(facts.sellerNip).toBe(name === 'cirfmf-pdf-generator-invoice.xml' ? '5265877635' : '9999999999');
		expect(facts.hasAttachment).toBe(WITH_ATTACHMENT.includes(name));
		expect(facts.invoiceNumber).toBeTruthy();
		expect(facts.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it('reads the same facts from a string, a Buffer with a byte-order mark, and prefixed element names', () => {
		const text = sampleText('FA_3_Przyklad_1.xml');
		const expected = inspectInvoice(text);
		expect(inspectInvoice(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(expected);
		const prefixed = text
			.replace(/<(\/?)(?![?!])([A-Za-z])/g, '<$1fa:$2')
			.replace(`xmlns="${FA3_NAMESPACE}"`, `xmlns:fa="${FA3_NAMESPACE}"`);
		expect(inspectInvoice(prefixed)).toEqual(expected);
	});

	it('decodes character references in values such as the invoice number', () => {
		const text = sampleText('FA_3_Przyklad_1.xml').replace(/<P_2>[^<]*<\/P_2>/, '<P_2>A&amp;B/&#x105;/1</P_2>');
		expect(inspectInvoice(text).invoiceNumber).toBe('A&B/ą/1');
	});
});

describe('refusing what is not an FA(3) invoice', () => {
	it('says "not well-formed XML" for JSON, an empty value or a PDF', () => {
		for (const input of ['{"invoice": 1}', '', '%PDF-1.7']) {
			const error = inputErrorOf(() => inspectInvoice(input));
			expect(error.field).toBe('Invoice XML');
			expect(error.message).toMatch(/not well-formed XML/);
			expect(error.fix).toMatch(/previous node/);
		}
	});

	it('gives the line of a broken tag', () => {
		const broken = sampleText('FA_3_Przyklad_1.xml').replace('</P_2>', '</P_3>');
		expect(() => inspectInvoice(broken)).toThrow(/not well-formed XML \(line \d+/);
	});

	it('names the root element it found and the one it expected', () => {
		expect(() => inspectInvoice('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')).toThrow(
			/root element <Invoice> in namespace urn:oasis.*expected <Faktura> in the FA\(3\) namespace/,
		);
	});

	it('recognises an FA(2) invoice and asks for FA(3)', () => {
		const fa2 = sampleText('FA_3_Przyklad_1.xml').replace(FA3_NAMESPACE, 'http://crd.gov.pl/wzor/2023/06/29/12648/');
		const error = inputErrorOf(() => inspectInvoice(fa2));
		expect(error.message).toMatch(/that is FA\(2\)/);
		expect(error.fix).toMatch(/Export the invoice as FA\(3\)/);
	});

	it('refuses a Faktura without the FA(3) namespace', () => {
		expect(() => inspectInvoice('<Faktura><Fa/></Faktura>')).toThrow(/<Faktura> without a namespace/);
	});

	it('refuses DOCTYPE and ENTITY declarations before parsing them (no entity expansion)', () => {
		const laughs = `<?xml version="1.0"?><!DOCTYPE Faktura [<!ENTITY a "${'a'.repeat(10)}"><!ENTITY b "&a;&a;&a;&a;">]><Faktura xmlns="${FA3_NAMESPACE}">&b;</Faktura>`;
		expect(() => inspectInvoice(laughs)).toThrow(/DOCTYPE or ENTITY/);
	});

	it('refuses two invoices pasted into one document', () => {
		const one = sampleText('FA_3_Przyklad_1.xml').replace(/^<\?xml[^>]*>/, '');
		expect(() => inspectInvoice(one + one)).toThrow(/Multiple possible root nodes/);
	});
});
