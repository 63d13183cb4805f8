/**
 * POST /invoices/query/metadata paging: pageOffset/pageSize over at most `limits.maxQueryResults` records per
 * filter set. hasMore=false: done; hasMore & !isTruncated: next pageOffset; hasMore & isTruncated: the cap cut
 * the result, so the client moves dateRange.from to the last record's date and starts again at pageOffset 0.
 */
import type { Simulator } from '../simulator';
import { toIso } from './dates';
import { beyondHwmError, runQuery, type InvoiceQueryFilters, type SortOrder } from './query';
import type { InvoiceMetadata } from './repository';

/** How long later pages of a query keep seeing the instant its first page was answered at. */
const SNAPSHOT_TTL_MS = 10 * 60_000;

const snapshots = new WeakMap<Simulator, Map<string, number>>();

/**
 * The instant a page is answered as of. Page 0 starts a query at the current time; later pages of the same
 * filter set reuse it, so offsets do not shift and permanentStorageHwmDate stays the same on every page (spec).
 */
function snapshotInstant(sim: Simulator, key: string, pageOffset: number): number {
	const now = sim.now();
	let byKey = snapshots.get(sim);
	if (!byKey) {
		byKey = new Map();
		snapshots.set(sim, byKey);
	}
	for (const [k, at] of byKey) if (now - at > SNAPSHOT_TTL_MS) byKey.delete(k);
	const known = byKey.get(key);
	if (pageOffset > 0 && known !== undefined) return known;
	byKey.set(key, now);
	return now;
}

export interface MetadataPage {
	hasMore: boolean;
	isTruncated: boolean;
	/** openapi.json: "Dla dateType = Issue lub Invoicing – null". */
	permanentStorageHwmDate: string | null;
	invoices: InvoiceMetadata[];
}

export function queryMetadataPage(
	sim: Simulator,
	nip: string,
	filters: InvoiceQueryFilters,
	sortOrder: SortOrder,
	pageOffset: number,
	pageSize: number,
): MetadataPage {
	const asOfMs = snapshotInstant(sim, `${nip}|${sortOrder}|${pageSize}|${JSON.stringify(filters)}`, pageOffset);
	const result = runQuery(sim, nip, filters, asOfMs, sortOrder);
	if (result.beyondHwm) throw beyondHwmError();
	const cap = sim.options.limits.maxQueryResults;
	const reachable = result.matched.slice(0, cap);
	const start = pageOffset * pageSize;
	const page = reachable.slice(start, start + pageSize);
	const isTruncated = result.matched.length > cap && start + pageSize >= cap;
	return {
		hasMore: isTruncated || start + pageSize < reachable.length,
		isTruncated,
		permanentStorageHwmDate: result.hwmMs !== undefined ? toIso(result.hwmMs) : null,
		invoices: page.map((invoice) => invoice.metadata),
	};
}
