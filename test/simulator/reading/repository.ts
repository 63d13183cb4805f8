/**
 * The invoice repository as the reading side sees it: accepted invoices (final status 200) become visible once
 * permanently stored, each described by the spec's InvoiceMetadata. Everything is derived from the stored
 * timestamps "as of" an instant, so the same question gives the same answer after a restart.
 */
import type { Simulator } from '../simulator';
import type { FormCode, InvoiceRecord } from '../state';
import { toIso } from './dates';

export type InvoiceType = 'Vat' | 'Zal' | 'Kor' | 'Roz' | 'Upr' | 'KorZal' | 'KorRoz' | 'VatPef' | 'VatPefSp' | 'KorPef' | 'VatRr' | 'KorVatRr';
export type BuyerIdentifierType = 'Nip' | 'VatUe' | 'Other' | 'None';
export type SubjectType = 'Subject1' | 'Subject2' | 'Subject3' | 'SubjectAuthorized';

/** InvoiceMetadata from openapi.json. */
export interface InvoiceMetadata {
	ksefNumber: string;
	invoiceNumber: string;
	issueDate: string;
	invoicingDate: string;
	acquisitionDate: string;
	permanentStorageDate: string;
	seller: { nip: string; name?: string | null };
	buyer: { identifier: { type: BuyerIdentifierType; value?: string | null }; name?: string | null };
	netAmount: number;
	grossAmount: number;
	vatAmount: number;
	currency: string;
	invoicingMode: 'Online' | 'Offline';
	invoiceType: InvoiceType;
	formCode: FormCode;
	isSelfInvoicing: boolean;
	hasAttachment: boolean;
	invoiceHash: string;
	hashOfCorrectedInvoice?: string | null;
	thirdSubjects?: Array<{
		identifier: { type: 'Nip' | 'InternalId' | 'VatUe' | 'Other' | 'None'; value?: string | null };
		name?: string | null;
		role: number;
	}> | null;
	authorizedSubject?: { nip: string; name?: string | null; role: number } | null;
}

export interface StoredInvoice {
	record: InvoiceRecord;
	metadata: InvoiceMetadata;
	permanentStorageMs: number;
}

const FALLBACK_FORM_CODE: FormCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };

/**
 * The invoice's metadata: what the sending side extracted from the XML, with the KSeF-assigned fields
 * (number, dates, hash, mode) taken from the record, which is authoritative for them.
 */
export function metadataOf(sim: Simulator, record: InvoiceRecord): InvoiceMetadata {
	const extracted = (record.metadata ?? {}) as Partial<InvoiceMetadata>;
	const session = sim.state.sessions[record.sessionReferenceNumber];
	const acquisitionDate = record.acquisitionDate ?? extracted.acquisitionDate ?? toIso(record.finalAtMs);
	const metadata: InvoiceMetadata = {
		...extracted,
		ksefNumber: record.ksefNumber ?? extracted.ksefNumber ?? '',
		invoiceNumber: extracted.invoiceNumber ?? record.invoiceNumber ?? '-',
		issueDate: extracted.issueDate ?? record.invoicingDate.slice(0, 10),
		invoicingDate: record.invoicingDate,
		acquisitionDate,
		permanentStorageDate: record.permanentStorageDate ?? extracted.permanentStorageDate ?? acquisitionDate,
		seller: extracted.seller ?? { nip: session?.nip ?? '' },
		buyer: extracted.buyer ?? { identifier: { type: 'None' } },
		netAmount: extracted.netAmount ?? 0,
		grossAmount: extracted.grossAmount ?? 0,
		vatAmount: extracted.vatAmount ?? 0,
		currency: extracted.currency ?? 'PLN',
		invoicingMode: record.invoicingMode,
		invoiceType: extracted.invoiceType ?? 'Vat',
		formCode: extracted.formCode ?? session?.formCode ?? FALLBACK_FORM_CODE,
		isSelfInvoicing: extracted.isSelfInvoicing ?? false,
		hasAttachment: extracted.hasAttachment ?? false,
		invoiceHash: record.invoiceHash,
	};
	return metadata;
}

function permanentStorageMsOf(sim: Simulator, record: InvoiceRecord): number {
	return Date.parse(metadataOf(sim, record).permanentStorageDate);
}

/** Accepted by KSeF: it ends with 200 and has a number. */
function endsAccepted(record: InvoiceRecord): boolean {
	return record.finalStatus.code === 200 && Boolean(record.ksefNumber);
}

/** Accepted and permanently stored by `asOfMs`: what queries, exports and downloads can return. */
export function storedInvoices(sim: Simulator, asOfMs: number): StoredInvoice[] {
	const stored: StoredInvoice[] = [];
	for (const record of Object.values(sim.state.invoices)) {
		if (!endsAccepted(record) || record.finalAtMs > asOfMs) continue;
		const metadata = metadataOf(sim, record);
		const permanentStorageMs = Date.parse(metadata.permanentStorageDate);
		if (permanentStorageMs > asOfMs) continue;
		stored.push({ record, metadata, permanentStorageMs });
	}
	return stored;
}

/**
 * permanentStorageHwmDate as of `asOfMs`: the clock minus a small lag, and never at or past the storage date of
 * an invoice that is accepted but not yet visible, so everything at or below it is complete and final (hwm.md).
 */
export function permanentStorageHwmMs(sim: Simulator, asOfMs: number): number {
	let hwm = asOfMs - sim.options.delays.permanentStorageHwmLagMs;
	for (const record of Object.values(sim.state.invoices)) {
		if (!endsAccepted(record)) continue;
		const storedMs = permanentStorageMsOf(sim, record);
		const visible = record.finalAtMs <= asOfMs && storedMs <= asOfMs;
		if (!visible && storedMs - 1 < hwm) hwm = storedMs - 1;
	}
	return hwm;
}

/** Which subject types the context `nip` has on the invoice (Podmiot1, Podmiot2, Podmiot3, PodmiotUpowazniony). */
export function rolesOf(metadata: InvoiceMetadata, nip: string): Set<SubjectType> {
	const roles = new Set<SubjectType>();
	if (metadata.seller.nip === nip) roles.add('Subject1');
	if (metadata.buyer.identifier.type === 'Nip' && metadata.buyer.identifier.value === nip) roles.add('Subject2');
	if ((metadata.thirdSubjects ?? []).some((s) => s.identifier.type === 'Nip' && s.identifier.value === nip)) roles.add('Subject3');
	if (metadata.authorizedSubject?.nip === nip) roles.add('SubjectAuthorized');
	return roles;
}

/** The invoice behind a KSeF number, whatever its state. */
export function invoiceByKsefNumber(sim: Simulator, ksefNumber: string): InvoiceRecord | undefined {
	const ref = sim.state.ksefNumbers[ksefNumber];
	const byIndex = ref ? sim.state.invoices[ref] : undefined;
	if (byIndex) return byIndex;
	return Object.values(sim.state.invoices).find((invoice) => invoice.ksefNumber === ksefNumber);
}
