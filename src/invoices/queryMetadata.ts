import type { InvoiceMetadata, InvoiceQueryFilters, QueryInvoicesMetadataResponse } from '../api/schemas';
import { KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { dateWindows, recordInstant, recordPoint } from './dateWindows';
import { EmittedBoundary } from './emittedBoundary';
import type { CheckpointTracker } from './rangeCheckpoint';
import { isBeyondHwm } from './beyondHwm';

export type { InvoiceMetadata, InvoiceQueryFilters };

export interface QueryPageEvent {
	from: string;
	to?: string;
	pageOffset: number;
	returned: number;
	hasMore: boolean;
	isTruncated: boolean;
}

export interface QueryOptions {
	/** 10..250 records per request; the largest page means the fewest requests on a tightly rate-limited endpoint. */
	pageSize?: number;
	/** Longest date window per query; KSeF refuses more than 3 months. */
	maxWindowDays?: number;
	/** Stop after this many invoices (no further request is made). */
	limit?: number;
	/** KSeF's technical cap on records per filter set. Only tests change it. */
	resultCap?: number;
	/** Called after each request, for progress and tests. */
	onPage?: (page: QueryPageEvent) => void;
	/**
	 * Follows the run for a builder's own incremental loop; read its result() after the loop. With it, a range
	 * restricted to the HWM that starts past it gives no invoices instead of an error: nothing there is final yet.
	 */
	checkpoint?: CheckpointTracker;
}

/** KSeF stops a filter set after this many records; its isTruncated flag has been reported unreliable. */
export const TECHNICAL_RESULT_CAP = 10_000;
const MIN_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 250;

/**
 * Every invoice matching `filters`, oldest first by the filter's date type, each exactly once, yielded one at a
 * time as pages arrive. The range is cut into windows KSeF accepts. When a window reaches the result cap, the
 * query goes on from the last record's date with pageOffset 0 (the spec's algorithm); the records at that
 * instant come again and are skipped.
 */
export async function* queryInvoiceMetadata(
	api: AuthorizedApi,
	filters: InvoiceQueryFilters,
	options: QueryOptions = {},
): AsyncGenerator<InvoiceMetadata> {
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	if (limit <= 0) return;
	const pageSize = pageSizeFor(options.pageSize, limit);
	const cap = options.resultCap ?? TECHNICAL_RESULT_CAP;
	const { dateType } = filters.dateRange;
	const boundary = new EmittedBoundary();
	let emitted = 0;
	let requests = 0;
	const { checkpoint } = options;
	const windows = [...dateWindows(filters.dateRange, options.maxWindowDays)];

	for (const [windowIndex, window] of windows.entries()) {
		let from = window.from;
		let pageOffset = 0;
		for (;;) {
			const dateRange = { ...filters.dateRange, from: from.text, to: window.to };
			let body: QueryInvoicesMetadataResponse;
			try {
				body = (
					await api.json<QueryInvoicesMetadataResponse>({
						method: 'POST',
						path: '/invoices/query/metadata',
						query: { sortOrder: 'Asc', pageOffset, pageSize },
						json: { ...filters, dateRange },
						// A query changes nothing in KSeF, so a 5xx or a dropped connection can safely be retried.
						idempotent: true,
					})
				).body;
			} catch (error) {
				// A later window past the HWM: everything KSeF guarantees complete has been returned.
				if ((requests > 0 || checkpoint) && isBeyondHwm(error)) return;
				throw error;
			}
			requests++;
			options.onPage?.({ from: from.text, to: window.to, pageOffset, returned: body.invoices.length, hasMore: body.hasMore, isTruncated: body.isTruncated });
			checkpoint?.reportHwm(body.permanentStorageHwmDate);
			// The cap counts records, not flags: a full page at the cap means the rest was cut off, whatever isTruncated says.
			const atCap = (pageOffset + 1) * pageSize >= cap && body.invoices.length === pageSize;
			let last: InvoiceMetadata | undefined;
			for (const [index, invoice] of body.invoices.entries()) {
				last = invoice;
				// Windows and narrowed ranges overlap at their first instant; what was already returned is skipped.
				if (!boundary.accept(invoice.ksefNumber, recordInstant(invoice, dateType))) continue;
				checkpoint?.deliver(invoice);
				yield invoice;
				if (++emitted >= limit) {
					const moreMayFollow = index < body.invoices.length - 1 || body.hasMore || atCap || windowIndex < windows.length - 1;
					if (moreMayFollow) checkpoint?.stopEarly();
					return;
				}
			}
			if (!last || (!body.hasMore && !atCap)) break;
			if (body.isTruncated || atCap) {
				// The spec's continuation: from the last record's date, as KSeF wrote it (a day for Issue).
				const next = recordPoint(last, dateType);
				if (next.ms <= from.ms) throw sameInstantOverflow(cap, dateType, from.text);
				from = next;
				pageOffset = 0;
				continue;
			}
			pageOffset++;
		}
	}
}

function pageSizeFor(requested: number | undefined, limit: number): number {
	const wanted = Math.min(requested ?? MAX_PAGE_SIZE, limit);
	return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.floor(wanted)));
}

function sameInstantOverflow(cap: number, dateType: string, at: string): KsefError {
	return new KsefError(
		`More than ${cap} invoices share the same ${dateType} date (${at}); KSeF cannot page past them. ` +
			'Narrow the query with another filter (seller NIP, invoice type, amount) or use the Export operation.',
	);
}
