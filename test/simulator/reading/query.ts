/**
 * InvoiceQueryFilters evaluated over the stored invoices, shared by POST /invoices/query/metadata and exports:
 * subject role, date range (max 3 months, Warsaw time when no offset, HWM cap), the exact-match filters, and a
 * stable order by the chosen date type (ties by KSeF number).
 */
import { badRequest, validationError } from '../errors';
import type { Simulator } from '../simulator';
import { addMonths, issueDayStartMs, parseKsefDateTime } from './dates';
import {
	permanentStorageHwmMs,
	rolesOf,
	storedInvoices,
	type BuyerIdentifierType,
	type InvoiceType,
	type StoredInvoice,
	type SubjectType,
} from './repository';

export type DateType = 'Issue' | 'Invoicing' | 'PermanentStorage';
export type SortOrder = 'Asc' | 'Desc';

/** InvoiceQueryFilters from openapi.json. */
export interface InvoiceQueryFilters {
	subjectType: SubjectType;
	dateRange: { dateType: DateType; from: string; to?: string | null; restrictToPermanentStorageHwmDate?: boolean | null };
	ksefNumber?: string | null;
	invoiceNumber?: string | null;
	amount?: { type: 'Brutto' | 'Netto' | 'Vat'; from?: number | null; to?: number | null } | null;
	sellerNip?: string | null;
	buyerIdentifier?: { type: BuyerIdentifierType; value?: string | null } | null;
	currencyCodes?: string[] | null;
	invoicingMode?: 'Online' | 'Offline' | null;
	isSelfInvoicing?: boolean | null;
	formType?: 'FA' | 'PEF' | 'FA_RR' | null;
	invoiceTypes?: InvoiceType[] | null;
	hasAttachment?: boolean | null;
}

export interface QueryResult {
	/** Every match, in the requested order (before KSeF's 10,000 cap). */
	matched: StoredInvoice[];
	/** permanentStorageHwmDate to report: only for dateType PermanentStorage. */
	hwmMs?: number;
	/** restrictToPermanentStorageHwmDate was set and `from` lies past the HWM (21183 / export status 420). */
	beyondHwm: boolean;
}

export function dateOf(invoice: StoredInvoice, dateType: DateType): number {
	if (dateType === 'Issue') return issueDayStartMs(invoice.metadata.issueDate);
	if (dateType === 'Invoicing') return Date.parse(invoice.metadata.invoicingDate);
	return invoice.permanentStorageMs;
}

/** `from`/`to` as instants; a range over 3 months (in UTC and in Warsaw time) is an input error, as on KSeF. */
export function resolveRange(filters: InvoiceQueryFilters, asOfMs: number): { fromMs: number; toMs: number } {
	const { from, to } = filters.dateRange;
	const fromMs = parseKsefDateTime(from);
	const toMs = to ? parseKsefDateTime(to) : asOfMs;
	if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw validationError(['dateRange: nieprawidłowy format daty.']);
	// An omitted `to` means "now"; a `from` past it just finds nothing (or 21183 with the HWM restriction).
	if (to && toMs < fromMs) throw validationError(['dateRange.to nie może być wcześniejsza niż dateRange.from.']);
	const limit = Math.max(addMonths(fromMs, 3, 'UTC'), addMonths(fromMs, 3, 'Warsaw'));
	if (toMs > limit) throw validationError(['dateRange: maksymalny dozwolony okres wynosi 3 miesiące.']);
	return { fromMs, toMs };
}

function within(value: number, from?: number | null, to?: number | null): boolean {
	return (from === undefined || from === null || value >= from) && (to === undefined || to === null || value <= to);
}

function matchesFilters(invoice: StoredInvoice, f: InvoiceQueryFilters): boolean {
	const m = invoice.metadata;
	if (f.ksefNumber && m.ksefNumber !== f.ksefNumber) return false;
	if (f.invoiceNumber && m.invoiceNumber !== f.invoiceNumber) return false;
	if (f.sellerNip && m.seller.nip !== f.sellerNip) return false;
	if (f.amount) {
		const value = f.amount.type === 'Brutto' ? m.grossAmount : f.amount.type === 'Netto' ? m.netAmount : m.vatAmount;
		if (!within(value, f.amount.from, f.amount.to)) return false;
	}
	if (f.buyerIdentifier) {
		if (m.buyer.identifier.type !== f.buyerIdentifier.type) return false;
		if (f.buyerIdentifier.value && m.buyer.identifier.value !== f.buyerIdentifier.value) return false;
	}
	if (f.currencyCodes && f.currencyCodes.length > 0 && !f.currencyCodes.includes(m.currency)) return false;
	if (f.invoicingMode && m.invoicingMode !== f.invoicingMode) return false;
	if (typeof f.isSelfInvoicing === 'boolean' && m.isSelfInvoicing !== f.isSelfInvoicing) return false;
	if (f.formType && m.formCode.value !== f.formType) return false;
	if (f.invoiceTypes && f.invoiceTypes.length > 0 && !f.invoiceTypes.includes(m.invoiceType)) return false;
	if (typeof f.hasAttachment === 'boolean' && m.hasAttachment !== f.hasAttachment) return false;
	return true;
}

/** The invoices `nip` sees under `filters` as of `asOfMs`, sorted by the filter's date type. */
export function runQuery(sim: Simulator, nip: string, filters: InvoiceQueryFilters, asOfMs: number, sortOrder: SortOrder): QueryResult {
	const { dateType, restrictToPermanentStorageHwmDate } = filters.dateRange;
	const range = resolveRange(filters, asOfMs);
	let { toMs } = range;
	let hwmMs: number | undefined;
	let beyondHwm = false;
	if (dateType === 'PermanentStorage') {
		const hwm = permanentStorageHwmMs(sim, asOfMs);
		// For a range that ends before the HWM, KSeF reports the range's own end.
		hwmMs = Math.min(toMs, hwm);
		if (restrictToPermanentStorageHwmDate) {
			beyondHwm = range.fromMs > hwm;
			toMs = Math.min(toMs, hwm);
		}
	}
	const direction = sortOrder === 'Desc' ? -1 : 1;
	const matched = beyondHwm
		? []
		: storedInvoices(sim, asOfMs)
				.filter((invoice) => rolesOf(invoice.metadata, nip).has(filters.subjectType))
				.filter((invoice) => within(dateOf(invoice, dateType), range.fromMs, toMs))
				.filter((invoice) => matchesFilters(invoice, filters))
				.sort((a, b) => {
					const byDate = dateOf(a, dateType) - dateOf(b, dateType);
					if (byDate !== 0) return direction * byDate;
					return direction * (a.metadata.ksefNumber < b.metadata.ksefNumber ? -1 : a.metadata.ksefNumber > b.metadata.ksefNumber ? 1 : 0);
				});
	return { matched, hwmMs, beyondHwm };
}

export function beyondHwmError() {
	return badRequest(21183, 'Zakres filtrowania wykracza poza dostępny zakres danych.', [
		'Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate przy włączonym restrictToPermanentStorageHwmDate.',
	]);
}
