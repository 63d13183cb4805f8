import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { KsefInputError } from '../errors/KsefInputError';

/** Elements the FA(3) schema allows more than once (maxOccurs > 1): always arrays, so `Fa.FaWiersz[0]` works for one line too. */
const REPEATABLE = new Set([
	'Akapit', 'BlokDanych', 'DaneFaKorygowanej', 'DaneKontaktowe', 'DodatkowyOpis', 'FaWiersz', 'FakturaZaliczkowa', 'Informacje',
	'Kol', 'MetaDane', 'NowySrodekTransportu', 'NrPartiiTowaru', 'Obciazenia', 'Odliczenia', 'Podmiot2K', 'Podmiot3', 'RachunekBankowy',
	'RachunekBankowyFaktora', 'Rejestry', 'SKom', 'TMetaDane', 'Tabela', 'TerminPlatnosci', 'Transport', 'Umowy', 'WKom', 'WZ', 'Wiersz',
	'WysylkaPrzez', 'ZaliczkaCzesciowa', 'Zamowienia', 'ZamowienieWiersz', 'ZaplataCzesciowa',
]);

/** KSeF allows 3 MB with attachments (configurable up to 10 MB); anything beyond that is not an invoice. */
export const MAX_INVOICE_XML_BYTES = 10 * 1024 * 1024;

/** Element values are strings (text), objects (children and `@attributes`, text under `#text`) or arrays of them. */
export type InvoiceJsonValue = string | InvoiceJson | Array<string | InvoiceJson>;
export type InvoiceJson = { [name: string]: InvoiceJsonValue };

// Values stay strings: amounts such as P_15 keep their exact decimal digits (no float rounding). Entities are
// not expanded and DOCTYPE is refused, so hostile XML cannot blow up memory or read files.
const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	processEntities: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	trimValues: true,
	isArray: (name) => REPEATABLE.has(name),
});

/** An FA(3) invoice as JSON: `{ Naglowek, Podmiot1, Podmiot2, Fa: { P_1, P_2, P_15, FaWiersz: [...] }, ... }`. */
export function parseInvoice(xml: Buffer | string): InvoiceJson {
	const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
	if (size > MAX_INVOICE_XML_BYTES) throw new KsefInputError('Invoice XML', `is ${size} bytes, over the ${MAX_INVOICE_XML_BYTES / 1_048_576} MB limit no KSeF invoice exceeds`, 'Check that the input is an invoice.');
	// A UTF-8 byte order mark is legal in an invoice file but not before the XML declaration of a string.
	const text = (typeof xml === 'string' ? xml : xml.toString('utf8')).replace(/^\uFEFF/, '');
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new KsefInputError('Invoice XML', 'contains a DOCTYPE or ENTITY declaration', 'FA(3) invoices never do; refusing to parse it.');
	const check = XMLValidator.validate(text);
	if (check !== true) throw new KsefInputError('Invoice XML', `is not well-formed (line ${check.err.line}: ${check.err.msg})`, 'Download the invoice again.');
	const document = parser.parse(text) as InvoiceJson;
	const root = document.Faktura;
	if (!root || typeof root !== 'object' || Array.isArray(root)) throw new KsefInputError('Invoice XML', 'has no Faktura root element', 'Only FA(3) invoices can be parsed.');
	return Object.fromEntries(Object.entries(root).filter(([key]) => !key.startsWith('@xmlns'))) as InvoiceJson;
}
