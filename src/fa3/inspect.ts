import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { KsefInputError } from '../errors/KsefInputError';
import { FA3_NAMESPACE } from './schemaFiles';

/** What the client needs to know about an invoice before sending it. */
export interface InvoiceFacts {
	sellerNip?: string;
	/** P_2, the seller's invoice number. */
	invoiceNumber?: string;
	/** RodzajFaktury: VAT, KOR, ZAL, ROZ, UPR, KOR_ZAL, KOR_ROZ. */
	invoiceType?: string;
	/** P_1, YYYY-MM-DD. */
	issueDate?: string;
	currency?: string;
	/** P_15, kept as text so no precision is lost. */
	grossAmount?: string;
	hasAttachment: boolean;
}

// Values stay strings (amounts keep their exact digits); entities are never expanded (no billion laughs);
// namespace prefixes are dropped so `tns:Faktura` and `Faktura` read the same.
const parser = new XMLParser({
	ignoreAttributes: false,
	removeNSPrefix: true,
	parseTagValue: false,
	processEntities: false,
	ignoreDeclaration: true,
});

type XmlNode = { [name: string]: XmlNode | string | XmlNode[] | undefined };

export function inspectInvoice(xml: Buffer | string): InvoiceFacts {
	const text = typeof xml === 'string' ? xml : xml.toString('utf8');
	if (/<!DOCTYPE/i.test(text)) {
		throw new KsefInputError('Invoice XML', 'contains a DOCTYPE declaration, which FA(3) invoices never have', 'Remove the DOCTYPE; KSeF rejects it too.');
	}
	const wellFormed = XMLValidator.validate(text);
	if (wellFormed !== true) {
		throw new KsefInputError(
			'Invoice XML',
			`is not well-formed XML (line ${wellFormed.err.line}: ${wellFormed.err.msg})`,
			'Pass the FA(3) file itself; check that the previous node outputs XML, not JSON or a PDF.',
		);
	}
	const document = parser.parse(text) as XmlNode;
	const parsedRoot = document.Faktura;
	// An empty <Faktura/> parses to a string; it is still the right root (and fails the namespace check below).
	const root = (typeof parsedRoot === 'string' ? {} : parsedRoot) as XmlNode | undefined;
	if (!root || Array.isArray(root)) {
		const found = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'nothing';
		throw new KsefInputError('Invoice XML', `has root element <${found}>, not <Faktura>`, 'Send an FA(3) invoice (root element Faktura).');
	}
	// The parser drops namespace declarations, so the root's start tag is read directly.
	const rootTag = /<(?:[\w.-]+:)?Faktura\b[^>]*>/.exec(text)?.[0] ?? '';
	if (!rootTag.includes(`"${FA3_NAMESPACE}"`) && !rootTag.includes(`'${FA3_NAMESPACE}'`)) {
		const namespace = /xmlns(?::[\w.-]+)?=["']([^"']*)["']/.exec(rootTag)?.[1];
		throw new KsefInputError(
			'Invoice XML',
			`uses namespace ${namespace ?? '(none)'}, not FA(3)'s ${FA3_NAMESPACE}`,
			'Generate the invoice with the FA(3) schema (FA(2) is no longer accepted since February 2026).',
		);
	}
	const fa = root.Fa as XmlNode | undefined;
	const podmiot1 = root.Podmiot1 as XmlNode | undefined;
	const identity = podmiot1?.DaneIdentyfikacyjne as XmlNode | undefined;
	return {
		sellerNip: text1(identity?.NIP),
		invoiceNumber: text1(fa?.P_2),
		invoiceType: text1(fa?.RodzajFaktury),
		issueDate: text1(fa?.P_1),
		currency: text1(fa?.KodWaluty),
		grossAmount: text1(fa?.P_15),
		hasAttachment: root.Zalacznik !== undefined,
	};
}

function text1(value: XmlNode[string]): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (value && !Array.isArray(value) && typeof value['#text'] === 'string') return value['#text'].trim();
	return undefined;
}
