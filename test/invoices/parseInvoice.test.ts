import { parseInvoice, type InvoiceJson } from '../../src/invoices/parseInvoice';
import { invoiceFacts } from '../../src/invoices/invoiceFacts';
import { sampleInvoice } from '../support/invoices';

const field = (json: InvoiceJson, ...path: string[]): unknown => path.reduce<unknown>((node, name) => (node as Record<string, unknown> | undefined)?.[name], json);

describe('parseInvoice (FA(3) XML to JSON)', () => {
	it('strips namespaces and the Faktura root, so Fa.P_15 maps directly', () => {
		const json = parseInvoice(sampleInvoice('FA_3_Przyklad_1.xml'));
		expect(Object.keys(json)).toEqual(expect.arrayContaining(['Naglowek', 'Podmiot1', 'Podmiot2', 'Fa']));
		expect(field(json, 'Podmiot1', 'DaneIdentyfikacyjne', 'NIP')).toBe('9999999999');
	});

	it('keeps amounts as the exact decimal text', () => {
		const xml = sampleInvoice('FA_3_Przyklad_1.xml').toString('utf8').replace(/<P_15>[^<]*<\/P_15>/, '<P_15>12345678901234567.10</P_15>');
		expect(field(parseInvoice(xml), 'Fa', 'P_15')).toBe('12345678901234567.10');
	});

	it('always gives FaWiersz and Podmiot3 as arrays, even with a single element', () => {
		const single = sampleInvoice('FA_3_Przyklad_1.xml').toString('utf8').replace(/(<FaWiersz>[\s\S]*?<\/FaWiersz>)[\s\S]*(<\/Fa>)/, (_, first: string, end: string) => `${first}${end}`);
		const lines = field(parseInvoice(single), 'Fa', 'FaWiersz');
		expect(Array.isArray(lines)).toBe(true);
		expect(lines).toHaveLength(1);
		expect(Array.isArray(field(parseInvoice(sampleInvoice('FA_3_Przyklad_10.xml')), 'Podmiot3'))).toBe(true);
	});

	it('reads the facts a workflow maps first', () => {
		expect(invoiceFacts(parseInvoice(sampleInvoice('FA_3_Przyklad_1.xml')))).toMatchObject({ issueDate: '2026-02-15', sellerNip: '9999999999', buyerNip: '1111111111', grossAmount: '2051' });
	});

	it('refuses a DOCTYPE or ENTITY declaration (entity expansion, external entities)', () => {
		const hostile = '<?xml version="1.0"?><!DOCTYPE Faktura [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Faktura><Fa><P_2>&lol2;</P_2></Fa></Faktura>';
		expect(() => parseInvoice(hostile)).toThrow(/DOCTYPE or ENTITY/);
		expect(() => parseInvoice('<!DOCTYPE x SYSTEM "file:///etc/passwd"><Faktura/>')).toThrow(/DOCTYPE/);
	});

	it('refuses files over the size limit, malformed XML and non-FA(3) documents', () => {
		expect(() => parseInvoice(Buffer.alloc(11 * 1024 * 1024, 0x20))).toThrow(/over the 10 MB limit/);
		expect(() => parseInvoice('<Faktura><Fa></Faktura>')).toThrow(/not well-formed/);
		expect(() => parseInvoice('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')).toThrow(/no Faktura root/);
	});
});
