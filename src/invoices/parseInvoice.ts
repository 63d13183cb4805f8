import { KsefInputError } from '../errors/KsefInputError';
import { parseSafely, safeXmlParser, xmlText } from '../xml/safeParser';

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
// never expanded and DOCTYPE is refused, so hostile XML cannot blow up memory or read files; the predefined
// entities and character references are decoded (`Kowalski &amp; Syn` reads `Kowalski & Syn`).
const parser = safeXmlParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	trimValues: true,
	isArray: (name) => REPEATABLE.has(name),
});

/** An FA(3) invoice as JSON: `{ Naglowek, Podmiot1, Podmiot2, Fa: { P_1, P_2, P_15, FaWiersz: [...] }, ... }`. */
export function parseInvoice(xml: Buffer | string): InvoiceJson {
	const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
	if (size > MAX_INVOICE_XML_BYTES) throw new KsefInputError('Invoice XML', `is ${size} bytes, over the ${MAX_INVOICE_XML_BYTES / 1_048_576} MB limit no KSeF invoice exceeds`, 'Check that the input is an invoice.');
	const document = parseSafely<InvoiceJson>(parser, xmlText(xml), { field: 'Invoice XML', fix: 'Download the invoice again; KSeF stores exactly the bytes that were sent.' });
	const root = document.Faktura;
	if (!root || typeof root !== 'object' || Array.isArray(root)) throw new KsefInputError('Invoice XML', 'has no Faktura root element', 'Only FA(3) invoices can be parsed.');
	return Object.fromEntries(Object.entries(root).filter(([key]) => !key.startsWith('@xmlns'))) as InvoiceJson;
}
