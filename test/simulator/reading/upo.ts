/**
 * UPO (Urzędowe Poświadczenie Odbioru) documents in the v4-3 schema (test/fixtures/ksef/upo-v4-3.xsd), shaped
 * like MF's samples in test/fixtures/upo/: a session UPO lists every accepted invoice, page by page
 * (at most `limits.upoDocumentsPerPage` each); an invoice UPO lists one. Generated from state on each download,
 * so they survive restarts. Not XAdES-signed (the real ones are).
 */
import { createHash } from 'node:crypto';
import type { Simulator } from '../simulator';
import { invoiceAt, type InvoiceRecord, type SessionRecord } from '../state';
import { toWarsawIso } from './dates';
import { metadataOf } from './repository';

const UPO_NAMESPACE = 'http://upo.schematy.mf.gov.pl/KSeF/v4-3';
/** The XSD fixes this value; MF's TEST samples add " - środowisko testowe (TE)", which the XSD itself rejects. */
const RECEIVING_AUTHORITY = 'Ministerstwo Finansów';
const REFERENCE_NUMBER = /^\d{8}-[0-9A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/;

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Invoices of the session that KSeF accepted (status 200 at `nowMs`), in send order. */
export function acceptedInvoices(sim: Simulator, session: SessionRecord, nowMs: number): InvoiceRecord[] {
	return session.invoiceReferenceNumbers
		.map((ref) => sim.state.invoices[ref])
		.filter((invoice): invoice is InvoiceRecord => invoice !== undefined && invoiceAt(invoice, nowMs).status.code === 200)
		.sort((a, b) => a.ordinalNumber - b.ordinalNumber);
}

/**
 * The session's UPO page reference numbers. Pages come into being with status 200; the sending side may have
 * numbered them already, otherwise they are numbered here on first sight (one per `upoDocumentsPerPage` invoices).
 */
export function upoPageReferences(sim: Simulator, session: SessionRecord, nowMs: number): string[] {
	if (session.status.code !== 200) return [];
	if (session.upoReferenceNumbers.length === 0) {
		const count = acceptedInvoices(sim, session, nowMs).length;
		const pages = Math.ceil(count / sim.options.limits.upoDocumentsPerPage);
		for (let i = 0; i < pages; i++) session.upoReferenceNumbers.push(sim.nextReferenceNumber('EU'));
	}
	return session.upoReferenceNumbers;
}

/** How the context authenticated: the KSeF token's reference number when known, else a document hash. */
function authenticationXml(sim: Simulator, session: SessionRecord): string {
	const tokenReference = sim.options.subjects.find((s) => s.nip === session.nip)?.token.split('|')[0] ?? '';
	const proof = REFERENCE_NUMBER.test(tokenReference)
		? `<NumerReferencyjnyTokenaKSeF>${tokenReference}</NumerReferencyjnyTokenaKSeF>`
		: `<SkrotDokumentuUwierzytelniajacego>${createHash('sha256').update(`auth|${session.referenceNumber}`).digest('base64')}</SkrotDokumentuUwierzytelniajacego>`;
	return `\t<Uwierzytelnienie>\n\t\t<IdKontekstu>\n\t\t\t<Nip>${session.nip}</Nip>\n\t\t</IdKontekstu>\n\t\t${proof}\n\t</Uwierzytelnienie>\n`;
}

function documentXml(sim: Simulator, invoice: InvoiceRecord): string {
	const m = metadataOf(sim, invoice);
	const lines = [
		`<NipSprzedawcy>${m.seller.nip}</NipSprzedawcy>`,
		`<NumerKSeFDokumentu>${m.ksefNumber}</NumerKSeFDokumentu>`,
		`<NumerFaktury>${escapeXml(m.invoiceNumber)}</NumerFaktury>`,
		`<DataWystawieniaFaktury>${m.issueDate.slice(0, 10)}</DataWystawieniaFaktury>`,
		`<DataPrzeslaniaDokumentu>${toWarsawIso(Date.parse(m.invoicingDate))}</DataPrzeslaniaDokumentu>`,
		`<DataNadaniaNumeruKSeF>${toWarsawIso(Date.parse(m.acquisitionDate))}</DataNadaniaNumeruKSeF>`,
		`<SkrotDokumentu>${m.invoiceHash}</SkrotDokumentu>`,
		`<TrybWysylki>${m.invoicingMode}</TrybWysylki>`,
	];
	return `\t<Dokument>\n${lines.map((l) => `\t\t${l}\n`).join('')}\t</Dokument>\n`;
}

function upoXml(sim: Simulator, session: SessionRecord, invoices: InvoiceRecord[], pageDescription?: string): string {
	const { systemCode, schemaVersion } = session.formCode;
	return (
		'<?xml version="1.0" encoding="utf-8"?>\n' +
		`<Potwierdzenie xmlns="${UPO_NAMESPACE}">\n` +
		`\t<NazwaPodmiotuPrzyjmujacego>${RECEIVING_AUTHORITY}</NazwaPodmiotuPrzyjmujacego>\n` +
		`\t<NumerReferencyjnySesji>${session.referenceNumber}</NumerReferencyjnySesji>\n` +
		authenticationXml(sim, session) +
		(pageDescription ?? '') +
		`\t<NazwaStrukturyLogicznej>Schemat_${systemCode.replace(/\s+/g, '')}_v${schemaVersion}.xsd</NazwaStrukturyLogicznej>\n` +
		`\t<KodFormularza>${escapeXml(systemCode)}</KodFormularza>\n` +
		invoices.map((invoice) => documentXml(sim, invoice)).join('') +
		'</Potwierdzenie>\n'
	);
}

/** Page `upoReferenceNumber` of the session UPO, or undefined when the session has no such page. */
export function sessionUpoXml(sim: Simulator, session: SessionRecord, upoReferenceNumber: string, nowMs: number): string | undefined {
	const pages = upoPageReferences(sim, session, nowMs);
	const pageIndex = pages.indexOf(upoReferenceNumber);
	if (pageIndex < 0) return undefined;
	const accepted = acceptedInvoices(sim, session, nowMs);
	const perPage = Math.max(1, Math.ceil(accepted.length / pages.length));
	const onPage = accepted.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
	if (onPage.length === 0) return undefined;
	const from = pageIndex * perPage + 1;
	const description =
		'\t<OpisPotwierdzenia>\n' +
		`\t\t<Strona>${pageIndex + 1}</Strona>\n` +
		`\t\t<LiczbaStron>${pages.length}</LiczbaStron>\n` +
		`\t\t<ZakresDokumentowOd>${from}</ZakresDokumentowOd>\n` +
		`\t\t<ZakresDokumentowDo>${from + onPage.length - 1}</ZakresDokumentowDo>\n` +
		`\t\t<CalkowitaLiczbaDokumentow>${accepted.length}</CalkowitaLiczbaDokumentow>\n` +
		'\t</OpisPotwierdzenia>\n';
	return upoXml(sim, session, onPage, description);
}

/** The UPO of one invoice, or undefined while (or because) it is not accepted. */
export function invoiceUpoXml(sim: Simulator, session: SessionRecord, invoice: InvoiceRecord, nowMs: number): string | undefined {
	if (invoiceAt(invoice, nowMs).status.code !== 200 || !invoice.ksefNumber) return undefined;
	return upoXml(sim, session, [invoice]);
}
