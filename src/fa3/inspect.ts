import { KsefInputError } from '../errors/KsefInputError';
import { parseSafely, safeXmlParser, xmlText } from '../xml/safeParser';
import { FA3_NAMESPACE } from './schemaFiles';

/** KodFormularza: `<KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>`. */
export interface InvoiceFormCode {
	systemCode?: string;
	schemaVersion?: string;
	value?: string;
}

/** What the client needs to know about an invoice before sending it. */
export interface InvoiceFacts {
	/** The root element's namespace; always FA3_NAMESPACE, since anything else is refused. */
	namespace: string;
	formCode: InvoiceFormCode;
	/** Podmiot1/DaneIdentyfikacyjne/NIP. */
	sellerNip?: string;
	/** P_2, the seller's invoice number. */
	invoiceNumber?: string;
	/** RodzajFaktury: VAT, KOR, ZAL, ROZ, UPR, KOR_ZAL, KOR_ROZ. */
	invoiceType?: string;
	/** P_1, YYYY-MM-DD. */
	issueDate?: string;
	/** KodWaluty, ISO 4217. */
	currency?: string;
	/** P_15, kept as text so no precision is lost. */
	grossAmount?: string;
	/** Zalacznik present: online sessions refuse such invoices (status 415). */
	hasAttachment: boolean;
}

// Older schemas people still export by mistake; naming them turns "wrong namespace" into something actionable.
const KNOWN_OTHER_NAMESPACES: Record<string, string> = {
	'http://crd.gov.pl/wzor/2023/06/29/12648/': 'FA(2)',
};

// Values stay strings (amounts keep their exact digits). The parser never touches entities: screenXml refuses
// DOCTYPE/ENTITY and invalid references first, and the safe parser decodes the predefined ones itself.
const parser = safeXmlParser({
	ignoreAttributes: false,
	parseTagValue: false,
	parseAttributeValue: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
});

type XmlValue = string | XmlNode | XmlValue[];
interface XmlNode {
	[name: string]: XmlValue | undefined;
}

const FIELD = 'Invoice XML';
const NOT_XML_FIX = 'Pass the FA(3) file itself; check that the previous node outputs the XML, not JSON, a PDF or an empty value.';

/** Reads the facts above from an FA(3) invoice; throws KsefInputError naming what is wrong when it is not one. */
export function inspectInvoice(xml: Buffer | string): InvoiceFacts {
	const document = parseSafely<XmlNode>(parser, xmlText(xml), { field: FIELD, fix: NOT_XML_FIX });
	const { name, node } = rootElement(document);
	const namespace = namespaceOf(name, node);
	assertFa3Root(localName(name), namespace);
	const header = child(node, 'Naglowek');
	const formCodeNode = child(header, 'KodFormularza');
	const fa = child(node, 'Fa');
	return {
		namespace,
		formCode: {
			systemCode: attribute(formCodeNode, 'kodSystemowy'),
			schemaVersion: attribute(formCodeNode, 'wersjaSchemy'),
			value: textOf(formCodeNode),
		},
		sellerNip: textOf(child(child(child(node, 'Podmiot1'), 'DaneIdentyfikacyjne'), 'NIP')),
		invoiceNumber: textOf(child(fa, 'P_2')),
		invoiceType: textOf(child(fa, 'RodzajFaktury')),
		issueDate: textOf(child(fa, 'P_1')),
		currency: textOf(child(fa, 'KodWaluty')),
		grossAmount: textOf(child(fa, 'P_15')),
		hasAttachment: child(node, 'Zalacznik') !== undefined,
	};
}

function rootElement(document: XmlNode): { name: string; node: XmlNode } {
	const names = Object.keys(document).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
	if (names.length !== 1) {
		const problem = names.length === 0 ? 'has no root element' : `has ${names.length} root elements (${names.join(', ')})`;
		throw new KsefInputError(FIELD, problem, 'Pass exactly one invoice per item, with Faktura as its root element.');
	}
	const value = document[names[0]];
	// Several same-named roots parse to an array; an empty root parses to a string.
	if (Array.isArray(value)) {
		throw new KsefInputError(FIELD, `has ${value.length} <${names[0]}> root elements`, 'Pass exactly one invoice per item.');
	}
	return { name: names[0], node: typeof value === 'object' ? value : {} };
}

function namespaceOf(qualifiedName: string, node: XmlNode): string {
	const prefix = qualifiedName.includes(':') ? qualifiedName.slice(0, qualifiedName.indexOf(':')) : undefined;
	return attribute(node, prefix ? `xmlns:${prefix}` : 'xmlns') ?? '';
}

function assertFa3Root(name: string, namespace: string): void {
	if (name === 'Faktura' && namespace === FA3_NAMESPACE) return;
	const found = `<${name}>${namespace ? ` in namespace ${namespace}` : ' without a namespace'}`;
	const known = KNOWN_OTHER_NAMESPACES[namespace];
	throw new KsefInputError(
		FIELD,
		`has root element ${found}${known ? ` (that is ${known})` : ''}; expected <Faktura> in the FA(3) namespace ${FA3_NAMESPACE}`,
		known
			? `Export the invoice as FA(3); KSeF no longer accepts ${known} for new invoices.`
			: 'Send an FA(3) e-invoice (structured XML from your invoicing system), not another document.',
	);
}

function localName(qualifiedName: string): string {
	return qualifiedName.slice(qualifiedName.indexOf(':') + 1);
}

/** The first child with this local name, whatever prefix it was written with. */
function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
	if (!node) return undefined;
	const key = Object.keys(node).find((candidate) => !candidate.startsWith('@_') && localName(candidate) === name);
	const value = key === undefined ? undefined : node[key];
	const first = Array.isArray(value) ? value[0] : value;
	if (first === undefined) return undefined;
	return typeof first === 'string' ? { '#text': first } : (first as XmlNode);
}

function attribute(node: XmlNode | undefined, name: string): string | undefined {
	const value = node?.[`@_${name}`];
	return typeof value === 'string' ? value : undefined;
}

function textOf(node: XmlNode | undefined): string | undefined {
	const value = node?.['#text'];
	return typeof value === 'string' ? value.trim() : undefined;
}
