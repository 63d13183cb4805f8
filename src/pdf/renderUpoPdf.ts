import { KsefInputError } from '../errors/KsefInputError';
import { parseSafely, safeXmlParser, xmlText } from '../xml/safeParser';
import { formatDate } from './format';
import { labelsFor, type PdfLanguage } from './labels';
import { PageWriter } from './pageWriter';

type UpoNode = { [name: string]: string | UpoNode | UpoNode[] };

export interface UpoPdf {
	pdf: Buffer;
	fileName: string;
	sessionReferenceNumber?: string;
	documentCount: number;
}

const MAX_UPO_BYTES = 20 * 1024 * 1024;

// The package's one safe XML reading (screened, no entity processing, depth capped); the XAdES signature KSeF adds
// is parsed but not shown.
const parser = safeXmlParser({
	ignoreAttributes: true,
	removeNSPrefix: true,
	parseTagValue: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	trimValues: true,
	isArray: (name) => name === 'Dokument',
});

/**
 * A UPO (Urzędowe Poświadczenie Odbioru) of a session or an invoice as a PDF: who received, the session, the
 * context and how it signed in, the UPO page, and a table of the documents with their KSeF numbers and digests.
 */
export async function renderUpoPdf(xml: Buffer | string, options: { language?: PdfLanguage } = {}): Promise<UpoPdf> {
	const language = options.language ?? 'pl';
	const labels = labelsFor(language).upo;
	const upo = parseUpo(xml);
	const text = (node: UpoNode | undefined, key: string): string | undefined => {
		const value = node?.[key];
		return typeof value === 'string' ? value.trim() : undefined;
	};
	const child = (node: UpoNode | undefined, key: string): UpoNode | undefined => {
		const value = node?.[key];
		return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
	};
	const session = text(upo, 'NumerReferencyjnySesji');
	const page = new PageWriter(`UPO ${session ?? ''}`.trim(), language);
	const { doc } = page;
	doc.font('regular').fontSize(8).fillColor('#555555').text('Krajowy System e-Faktur (KSeF)', page.left, page.y, { width: page.width });
	doc.font('bold').fontSize(15).fillColor('#1f3b63').text(labels.title, page.left, doc.y + 2, { width: page.width });
	doc.fillColor('#000000');
	page.y = doc.y + 8;

	const authentication = child(upo, 'Uwierzytelnienie');
	const context = child(authentication, 'IdKontekstu');
	const contextText = context ? Object.entries(context).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : ''}`).join(', ') : undefined;
	const description = child(upo, 'OpisPotwierdzenia');
	const pageOf = description ? `${text(description, 'Strona') ?? '?'} / ${text(description, 'LiczbaStron') ?? '?'}` : undefined;
	const range = description
		? `${text(description, 'ZakresDokumentowOd') ?? ''}–${text(description, 'ZakresDokumentowDo') ?? ''} / ${text(description, 'CalkowitaLiczbaDokumentow') ?? ''}`
		: undefined;
	const signIn = authentication
		? Object.entries(authentication)
				.filter(([key]) => key !== 'IdKontekstu')
				.map(([key, value]): [string, string | undefined] => [key === 'SkrotDokumentuUwierzytelniajacego' ? labels.authenticationDigest : key, typeof value === 'string' ? value.replace(/\s+/g, '') : undefined])
		: [];
	page.fields([
		[labels.receiver, text(upo, 'NazwaPodmiotuPrzyjmujacego')],
		[labels.sessionReference, session],
		[labels.context, contextText],
		...signIn,
		[labels.schema, [text(upo, 'KodFormularza'), text(upo, 'NazwaStrukturyLogicznej')].filter(Boolean).join(' · ')],
		[labels.page, pageOf],
		[labels.documents, range],
	]);

	const documents = (Array.isArray(upo.Dokument) ? upo.Dokument : []) as UpoNode[];
	page.heading(`${labels.documents} (${documents.length})`);
	const c = labels.columns;
	page.table(
		[
			{ header: c.ksefNumber, weight: 26 },
			{ header: c.invoiceNumber, weight: 16 },
			{ header: c.seller, weight: 9 },
			{ header: c.issueDate, weight: 9 },
			{ header: `${c.sent} / ${c.numbered}`, weight: 14 },
			{ header: c.mode, weight: 6 },
			{ header: c.digest, weight: 20 },
		],
		documents.map((document) => [
			text(document, 'NumerKSeFDokumentu') ?? '',
			text(document, 'NumerFaktury') ?? '',
			text(document, 'NipSprzedawcy') ?? '',
			formatDate(text(document, 'DataWystawieniaFaktury')),
			`${formatDate(text(document, 'DataPrzeslaniaDokumentu'))}\n${formatDate(text(document, 'DataNadaniaNumeruKSeF'))}`,
			text(document, 'TrybWysylki') ?? '',
			(text(document, 'SkrotDokumentu') ?? '').replace(/\s+/g, ''),
		]),
		6.5,
	);
	page.footers((current, pages) => `UPO ${session ?? ''} · ${labelsFor(language).page(current, pages)}`);
	const pdf = await page.finish();
	const single = documents.length === 1 ? text(documents[0], 'NumerKSeFDokumentu') : undefined;
	return { pdf, fileName: `UPO_${(single ?? session ?? 'KSeF').replace(/[^A-Za-z0-9-]+/g, '_')}.pdf`, sessionReferenceNumber: session, documentCount: documents.length };
}

function parseUpo(xml: Buffer | string): UpoNode {
	const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
	if (size > MAX_UPO_BYTES) throw new KsefInputError('UPO XML', `is ${size} bytes, more than any UPO page`, 'Check that the input is a UPO.');
	const document = parseSafely<UpoNode>(parser, xmlText(xml), { field: 'UPO XML', fix: 'Pass a KSeF UPO (session or invoice), e.g. from KSeF Check Status → Download UPO, or download it again.' });
	const root = document.Potwierdzenie;
	if (!root || typeof root !== 'object' || Array.isArray(root)) {
		throw new KsefInputError('UPO XML', 'has no Potwierdzenie root element', 'Pass a KSeF UPO (session or invoice), e.g. from KSeF Check Status → Download UPO.');
	}
	return root;
}
