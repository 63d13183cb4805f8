import { makeInvoice, sampleInvoice } from '../../support/invoices';

/**
 * Invoice inputs that must each be refused on their own item, before anything is sent, with this exact message
 * (n8n adds nothing; the node appends " [item N]") and this fix as the description. Shared by the node tests
 * and the real-n8n end-to-end test. The invoices are the official sample FA_3_Przyklad_1 (seller 9999999999,
 * the simulator's NIP), so line numbers are fixed.
 */
export interface HostileInput {
	name: string;
	/** What the Invoice XML parameter evaluates to (text, or whatever an expression handed over). */
	value: unknown;
	field: string;
	message: string;
	fix: string;
}

const sample = (): string => sampleInvoice('FA_3_Przyklad_1.xml').toString('utf8');
const withP2 = (p2: string): string => sample().replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${p2}</P_2>`);

const NOT_XML_FIX = 'Pass the FA(3) file itself; check that the previous node outputs the XML, not JSON, a PDF or an empty value.';

export const HOSTILE_INPUTS: HostileInput[] = [
	{ name: 'character reference out of range (&#x110000;)', value: withP2('A&#x110000;'), field: 'Invoice XML', message: 'Invoice XML contains the character reference &#x110000; at line 47, which is not a character XML allows', fix: 'Fix the text in the source system; the reference is invalid (KSeF refuses it too). Nothing was parsed.' },
	{ name: 'nested 100,000 levels deep', value: sample().replace('</Faktura>', `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Faktura>`), field: 'Invoice XML', message: 'Invoice XML nests elements more than 64 levels deep (line 128, inside <Faktura><a><a>…); no FA(3) document comes close', fix: 'Pass the invoice file itself; this document was not produced by an invoicing system. Nothing was parsed.' },
	{ name: 'entity expansion (DOCTYPE)', value: sample().replace(/^(<\?xml[^>]*>)/, '$1\n<!DOCTYPE Faktura [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'), field: 'Invoice XML', message: 'Invoice XML contains a DOCTYPE or ENTITY declaration (line 2), which FA(3) documents never have', fix: 'Remove the declaration; KSeF refuses it too. Nothing was parsed.' },
	{ name: 'a bare ampersand', value: withP2('A & B'), field: 'Invoice XML', message: 'Invoice XML has a "&" at line 47 that starts no valid reference ("& B</P_2>…")', fix: 'Write a literal "&" as "&amp;"; named entities other than &amp; &lt; &gt; &quot; &apos; do not exist in XML without a DOCTYPE, which KSeF refuses.' },
	{ name: 'truncated document', value: sample().slice(0, 1690), field: 'Invoice XML', message: 'Invoice XML ends at line 59 inside the tag that starts at line 59 (3 elements open, from <Faktura>): the document looks cut off (1,690 characters arrived)', fix: 'Check that the whole document arrived: an interrupted download, a size limit or a truncated copy in an earlier step cuts it short.' },
	{ name: 'mismatched closing tag', value: sample().replace('</P_2>', '</P_3>'), field: 'Invoice XML', message: 'Invoice XML is not well-formed XML (line 47, column 21: Expected closing tag \'P_2\' (opened in line 47, col 3) instead of closing tag \'P_3\')', fix: NOT_XML_FIX },
	{ name: 'XML given as a number by an expression', value: 12345, field: 'Invoice XML', message: 'Invoice XML is a number (12345), not XML text', fix: 'Map the field that holds the FA(3) XML as text (e.g. {{ $json.xml }}), not a number or JSON parsed from it; for a file, switch Invoice Source to Binary File.' },
	{ name: 'XML given as an object by an expression', value: { Faktura: { Fa: { P_2: 'FV/1' } } }, field: 'Invoice XML', message: 'Invoice XML is an object with keys Faktura, not XML text', fix: 'Map the field that holds the FA(3) XML as text (e.g. {{ $json.xml }}), not a number or JSON parsed from it; for a file, switch Invoice Source to Binary File.' },
	{ name: 'null from an expression', value: null, field: 'Invoice XML', message: 'Invoice XML is null, not XML text', fix: 'Map the field that holds the FA(3) XML as text (e.g. {{ $json.xml }}), not a number or JSON parsed from it; for a file, switch Invoice Source to Binary File.' },
	{ name: 'empty text', value: '   ', field: 'Invoice XML', message: 'Invoice XML is empty', fix: 'Map the field that holds the FA(3) XML, or switch Invoice Source to Binary File.' },
	{ name: 'JSON instead of XML', value: '{"invoice": 1}', field: 'Invoice XML', message: 'Invoice XML is not well-formed XML: it starts with "{"invoice": 1}", not with "<" (JSON, a PDF or an empty value?)', fix: NOT_XML_FIX },
	{ name: 'FA(2) instead of FA(3)', value: sample().replace('http://crd.gov.pl/wzor/2025/06/25/13775/', 'http://crd.gov.pl/wzor/2023/06/29/12648/'), field: 'Invoice XML', message: 'Invoice XML has root element <Faktura> in namespace http://crd.gov.pl/wzor/2023/06/29/12648/ (that is FA(2)); expected <Faktura> in the FA(3) namespace http://crd.gov.pl/wzor/2025/06/25/13775/', fix: 'Export the invoice as FA(3); KSeF no longer accepts FA(2) for new invoices.' },
	{ name: 'fails the FA(3) schema', value: sample().replace(/<P_1>[^<]*<\/P_1>/, '<P_1>2026-02-30</P_1>'), field: 'Invoice XML', message: 'Invoice XML does not match the FA(3) schema (invoice FV2026/02/150): line 45: Element \'P_1\': \'2026-02-30\' is not a valid value of the atomic type \'TDataT\'', fix: 'Fix the named element in the source system. To let KSeF judge the invoice itself, turn off "Validate Before Sending".' },
	{ name: "seller NIP is not the credential's", value: makeInvoice({ invoiceNumber: 'FV2026/02/150', sellerNip: '5265877635' }).toString('utf8'), field: 'Invoice XML', message: 'Invoice XML has seller NIP 5265877635 (Podmiot1, invoice FV2026/02/150), but the KSeF API credential acts for NIP 9999999999; KSeF would refuse it (status 410)', fix: 'Send it with a credential for the seller\'s NIP 5265877635. If NIP 9999999999 issues invoices for this seller with a KSeF permission (self-invoicing, tax representative, enforcement authority), turn on the option "Send on Behalf of the Seller".' },
];

/** The Invoice XML parameter's value for a case. */
export function hostileInvoiceXml(input: HostileInput): unknown {
	return input.value;
}
