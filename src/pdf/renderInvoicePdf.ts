import type { OfflineCertificate } from '../auth/signing/offlineCertificate';
import { normalizeKsefNumber } from '../domain/ksefNumber';
import { offlineCertificateLink, type OfflineContextType } from '../domain/offlineCertificateLink';
import { invoiceVerificationLink, type QrEnvironment } from '../domain/verificationLink';
import { KsefInputError } from '../errors/KsefInputError';
import { parseInvoice, type InvoiceJson } from '../invoices/parseInvoice';
import { formatDate } from './format';
import {
	additionalInfoSection,
	advancesSection,
	annotationsSection,
	attachmentSection,
	detailsSection,
	footerSection,
	linesSection,
	orderSection,
	otherDataSection,
	partiesSection,
	paymentSection,
	settlementSection,
	transactionTermsSection,
	vatSummarySection,
	type SectionContext,
} from './invoiceSections';
import { labelsFor, type PdfLanguage } from './labels';
import { PageWriter } from './pageWriter';
import { drawQrCode } from './qrCode';
import { TrackedInvoice } from './trackedInvoice';

export interface InvoicePdfOptions {
	/** The KSeF number, when KSeF has given one: printed in the header and under KOD I. Without it: "OFFLINE". */
	ksefNumber?: string;
	/** Where KOD I points: test, demo, prod, or an API/QR base URL (as invoiceVerificationLink takes it). */
	environment: QrEnvironment | string;
	language?: PdfLanguage;
	/** For an invoice issued offline: the Offline certificate that signs KOD II, and the context it was issued in. */
	offline?: { certificate: OfflineCertificate; contextType?: OfflineContextType; contextValue?: string };
}

export interface InvoicePdf {
	pdf: Buffer;
	/** `<ksefNumber>.pdf`, or `<invoice number>.pdf` (characters unsafe in file names replaced) without one. */
	fileName: string;
	pages: number;
	invoiceNumber?: string;
	ksefNumber?: string;
	/** KOD I, as printed; absent only when the invoice lacks the seller NIP or issue date it is built from. */
	verificationLink?: string;
	/** KOD II, as printed, for invoices issued offline. */
	certificateLink?: string;
}

const QR_SIZE = 112;

/**
 * An FA(3) invoice as a PDF in the spirit of the Ministry's visualisation: header with the kind, number, dates and
 * KSeF number and the KOD I QR code (with KOD II for offline invoices); parties, lines, VAT summary, payment,
 * annotations, attachment tables, and every other value of the invoice. `xml` must be the exact invoice file:
 * KOD I carries the SHA-256 of those bytes.
 */
export async function renderInvoicePdf(xml: Buffer, options: InvoicePdfOptions): Promise<InvoicePdf> {
	const language = options.language ?? 'pl';
	const labels = labelsFor(language);
	const invoice = new TrackedInvoice(parseInvoice(xml));
	const r = invoice;
	const fa = r.child(r.root, 'Fa');
	if (!fa) throw new KsefInputError('Invoice XML', 'has no Fa element', 'Only FA(3) invoices can be rendered; check that the input is an FA(3) invoice.');
	const ksefNumber = options.ksefNumber?.trim() ? normalizeKsefNumber(options.ksefNumber) : undefined;
	const sellerNip = r.child(r.child(r.root, 'Podmiot1'), 'DaneIdentyfikacyjne')?.NIP;
	const issueDate = fa.P_1;
	const invoiceNumber = typeof fa.P_2 === 'string' ? fa.P_2 : undefined;
	const verificationLink =
		typeof sellerNip === 'string' && typeof issueDate === 'string' ? invoiceVerificationLink(options.environment, sellerNip, issueDate, xml) : undefined;
	let certificateLink: string | undefined;
	if (options.offline && typeof sellerNip === 'string') {
		certificateLink = offlineCertificateLink(
			options.environment,
			{ contextType: options.offline.contextType ?? 'Nip', contextValue: options.offline.contextValue || sellerNip, sellerNip, invoice: xml },
			options.offline.certificate,
		);
	}

	const kind = r.text(fa, 'RodzajFaktury') ?? 'VAT';
	const title = `${labels.invoiceKinds[kind] ?? kind} ${invoiceNumber ?? ''}`.trim();
	const page = new PageWriter(title, language);
	const context: SectionContext = { page, invoice, labels, language };

	header(context, fa, { kind, ksefNumber, verificationLink, certificateLink });
	detailsSection(context, fa);
	partiesSection(context);
	linesSection(context, fa);
	vatSummarySection(context, fa);
	annotationsSection(context, fa);
	additionalInfoSection(context, fa);
	advancesSection(context, fa);
	settlementSection(context, fa);
	paymentSection(context, fa);
	transactionTermsSection(context, fa);
	orderSection(context, fa);
	footerSection(context);
	attachmentSection(context);
	otherDataSection(context);

	const footerText = `${invoiceNumber ?? ''}${ksefNumber ? ` · ${labels.ksefNumber} ${ksefNumber}` : ''}`;
	page.footers((current, pages) => `${footerText} · ${labels.page(current, pages)}`);
	const pages = page.doc.bufferedPageRange().count;
	const pdf = await page.finish();
	return { pdf, fileName: pdfFileName(ksefNumber ?? invoiceNumber ?? 'invoice'), pages, invoiceNumber, ksefNumber, verificationLink, certificateLink };
}

/** A file name from a KSeF or invoice number: invoice numbers often hold slashes ("FV/2026/02/150"). */
export function pdfFileName(base: string): string {
	const safe = base.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^[._]+/, '').slice(0, 120);
	return `${safe || 'invoice'}.pdf`;
}

function header(
	context: SectionContext,
	fa: InvoiceJson,
	facts: { kind: string; ksefNumber?: string; verificationLink?: string; certificateLink?: string },
): void {
	const { page, invoice: r, labels, language } = context;
	const { doc } = page;
	const codes = [facts.verificationLink, facts.certificateLink].filter((link): link is string => link !== undefined);
	const codesWidth = codes.length * (QR_SIZE + 10);
	const textWidth = page.width - codesWidth;
	const top = page.y;

	doc.font('regular').fontSize(8).fillColor('#555555').text('Krajowy System e-Faktur (KSeF)', page.left, top, { width: textWidth });
	doc.font('bold').fontSize(16).fillColor('#1f3b63').text(labels.invoiceKinds[facts.kind] ?? facts.kind, page.left, doc.y + 2, { width: textWidth });
	doc.fillColor('#000000');
	doc.font('regular').fontSize(9).text(`${labels.invoiceNumber}:`, page.left, doc.y + 6, { width: textWidth, continued: false });
	doc.font('bold').fontSize(12).text(r.text(fa, 'P_2') ?? '', page.left, doc.y, { width: textWidth });
	doc.font('regular').fontSize(9).text(`${labels.ksefNumber}:`, page.left, doc.y + 4, { width: textWidth });
	doc.font('bold').fontSize(10).text(facts.ksefNumber ?? 'OFFLINE', page.left, doc.y, { width: textWidth });
	const header = r.child(r.root, 'Naglowek');
	r.consume(header, 'KodFormularza');
	r.consume(header, 'WariantFormularza');
	const produced = [formatDate(r.text(header, 'DataWytworzeniaFa')), r.text(header, 'SystemInfo')].filter(Boolean).join(' · ');
	if (produced) {
		doc.font('regular').fontSize(7).fillColor('#555555').text(`${language === 'pl' ? 'Wytworzono' : 'Produced'}: ${produced}`, page.left, doc.y + 4, { width: textWidth });
		doc.fillColor('#000000');
	}
	let bottom = doc.y;

	codes.forEach((link, index) => {
		const x = page.left + textWidth + 10 + index * (QR_SIZE + 10);
		drawQrCode(doc, link, x, top, QR_SIZE);
		const caption = index === 0 ? (facts.ksefNumber ?? 'OFFLINE') : 'CERTYFIKAT';
		let size = 8;
		doc.font('bold');
		while (size > 4 && doc.fontSize(size).widthOfString(caption) > QR_SIZE) size -= 0.5;
		doc.text(caption, x, top + QR_SIZE + 1, { width: QR_SIZE, align: 'center', lineBreak: false });
		doc.font('regular').fontSize(6).fillColor('#555555');
		const note = index === 0 ? (facts.ksefNumber ? labels.qrCaption : labels.qrOfflineCaption) : labels.certificateQrCaption;
		doc.text(note, x, top + QR_SIZE + size + 3, { width: QR_SIZE, align: 'center' });
		doc.fillColor('#000000');
		bottom = Math.max(bottom, doc.y);
	});
	page.y = bottom + 8;
	if (codes.length) {
		doc.font('regular').fontSize(6).fillColor('#555555');
		for (const link of codes) {
			doc.text(link, page.left, page.y, { width: page.width, link });
			page.y = doc.y + 1;
		}
		doc.fillColor('#000000');
		page.y += 4;
	}
}
