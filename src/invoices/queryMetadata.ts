import type { components } from '../api/ksefApi';
import type { AuthorizedApi } from '../http/authorizedApi';
import { parseKsefInstant, toWarsawIso } from '../util/warsawTime';
import { KsefError } from '../errors/KsefError';

export type InvoiceQueryFilters = components['schemas']['InvoiceQueryFilters'];
export type InvoiceMetadata = components['schemas']['InvoiceMetadata'];
type QueryInvoicesMetadataResponse = components['schemas']['QueryInvoicesMetadataResponse'];

export interface QueryOptions {
	/** 10..250; bigger pages mean fewer requests against a tightly rate-limited endpoint. */
	pageSize?: number;
	/** Stop after this many invoices. */
	limit?: number;
	/** KSeF caps one query's date range at 3 months; windows stay inside that. */
	maxWindowMonths?: number;
	/** Reports each request, for progress and tests. */
	onPage?: (page: { from: string; to: string; pageOffset: number; returned: number }) => void;
}

/** KSeF stops a filter set after this many records (reported by isTruncated, which is not always reliable). */
export const TECHNICAL_RESULT_CAP = 10_000;

/**
 * Every invoice matching `filters`, page by page, oldest first, each exactly once. The range is cut into windows
 * KSeF accepts; when a window hits the 10,000-record cap, the query continues from the last record's date
 * (records at that instant already seen are skipped), which is how the official paging algorithm works.
 */
export async function* queryInvoiceMetadata(api: AuthorizedApi, filters: InvoiceQueryFilters, options: QueryOptions = {}): AsyncGenerator<InvoiceMetadata> {
	const pageSize = Math.min(250, Math.max(10, options.pageSize ?? 250));
	const limit = options.limit ?? Infinity;
	const dateType = filters.dateRange.dateType;
	const fromMs = parseKsefInstant(filters.dateRange.from);
	const toMs = filters.dateRange.to ? parseKsefInstant(filters.dateRange.to) : Date.now();
	if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new KsefError('The date range is not a valid date or date-time.');
	let emitted = 0;
	let cursor = fromMs;
	let seenAtCursor = new Set<string>();

	while (cursor <= toMs && emitted < limit) {
		const windowEnd = Math.min(windowEndFor(cursor, options.maxWindowMonths ?? 3), toMs);
		let pageOffset = 0;
		let lastMs = cursor;
		let seenAtLast = new Set<string>(seenAtCursor);
		for (;;) {
			const range = { ...filters.dateRange, from: toWarsawIso(cursor), to: toWarsawIso(windowEnd) };
			const { body } = await api.json<QueryInvoicesMetadataResponse>({
				method: 'POST',
				path: '/invoices/query/metadata',
				query: { sortOrder: 'Asc', pageOffset, pageSize },
				json: { ...filters, dateRange: range },
			});
			options.onPage?.({ from: range.from, to: range.to, pageOffset, returned: body.invoices.length });
			for (const invoice of body.invoices) {
				const atMs = dateOf(invoice, dateType);
				if (atMs === cursor && seenAtCursor.has(invoice.ksefNumber)) continue;
				if (atMs !== lastMs) {
					lastMs = atMs;
					seenAtLast = new Set();
				}
				seenAtLast.add(invoice.ksefNumber);
				yield invoice;
				if (++emitted >= limit) return;
			}
			if (!body.hasMore) break;
			pageOffset += pageSize;
			if (body.isTruncated || pageOffset >= TECHNICAL_RESULT_CAP) {
				if (lastMs === cursor) {
					throw new KsefError(
						`More than ${TECHNICAL_RESULT_CAP} invoices share one ${dateType} date (${toWarsawIso(cursor)}); KSeF cannot page past them. Narrow the filters (e.g. by seller or invoice type).`,
					);
				}
				cursor = lastMs;
				seenAtCursor = seenAtLast;
				pageOffset = 0;
			}
		}
		if (windowEnd >= toMs) break;
		// The next window starts where this one ended; records exactly at the boundary were already returned.
		seenAtCursor = lastMs === windowEnd ? seenAtLast : new Set();
		cursor = windowEnd;
	}
}

function dateOf(invoice: InvoiceMetadata, dateType: InvoiceQueryFilters['dateRange']['dateType']): number {
	if (dateType === 'Issue') return parseKsefInstant(invoice.issueDate.slice(0, 10));
	if (dateType === 'Invoicing') return Date.parse(invoice.invoicingDate);
	return Date.parse(invoice.permanentStorageDate);
}

/** `months` calendar months after `fromMs`, less two days, so no time zone or month length can push it past KSeF's cap. */
function windowEndFor(fromMs: number, months: number): number {
	const d = new Date(fromMs);
	const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(d.getUTCDate(), 28), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
	return end - 2 * 24 * 3_600_000;
}
