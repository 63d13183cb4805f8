import type { InvoiceMetadata, InvoiceQueryFilters, QueryInvoicesMetadataResponse } from '../api/schemas';
import { KsefApiError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import type { Sleep } from '../http/retry';
import { parseKsefInstant, toWarsawIso } from '../util/warsawTime';
import { DEFAULT_WINDOW_DAYS, windowEndMs } from './dateWindows';
import { downloadInvoice } from './download';
import { exportInvoices, type ExportOptions } from './exportInvoices';
import { TECHNICAL_RESULT_CAP } from './queryMetadata';
import { advanceCursor, deliveredBefore, type SyncCursor } from './syncCursor';
import { isBeyondHwm } from './beyondHwm';

/** Filters of the metadata query other than who and when; the cursor decides those. */
export type SyncFilters = Omit<InvoiceQueryFilters, 'subjectType' | 'dateRange'>;

export interface SyncOptions {
	filters?: SyncFilters;
	/** Deliver each invoice's XML too (single downloads for a few, the asynchronous export for more). */
	includeXml?: boolean;
	/** Most invoices one poll delivers; the rest follow at the next poll. */
	maxInvoices?: number;
	/**
	 * Up to this many XMLs are fetched one by one (GET /invoices/ksef/{n}: 64 an hour on PRD); more go through one
	 * export (20 an hour, up to 10,000 invoices each). Also the most single downloads one poll makes.
	 */
	singleDownloadMax?: number;
	/** 10..250; the largest page means the fewest metadata queries (20 an hour on PRD). */
	pageSize?: number;
	/** KSeF's technical cap on records per filter set. Only tests change it. */
	resultCap?: number;
	export?: Omit<ExportOptions, 'sleep'>;
	sleep?: Sleep;
	now?: () => number;
}

export interface SyncedInvoice {
	metadata: InvoiceMetadata;
	/** With includeXml: the invoice file exactly as stored in KSeF. */
	xml?: Buffer;
	/** The hash KSeF sent with a single download. */
	hash?: string;
}

export interface SyncPoll {
	/** New invoices, oldest first by PermanentStorage date, none delivered by an earlier poll with this cursor. */
	invoices: SyncedInvoice[];
	/** The cursor to store: past exactly the invoices returned, or at the HWM when everything up to it was returned. */
	cursor: SyncCursor;
	/** Why the poll stopped before reaching the HWM; the next poll continues from `cursor`. */
	stoppedBy?: 'rateLimit' | 'maxInvoices';
	/** The last permanentStorageHwmDate KSeF reported in this poll: all invoices stored up to it are final. */
	permanentStorageHwmDate?: string;
}

const DEFAULT_MAX_INVOICES = 1_000;
const DEFAULT_SINGLE_DOWNLOAD_MAX = 10;
const MAX_PAGE_SIZE = 250;

/**
 * One poll of the official incremental sync (hwm.md, scenario "up to HWM"): PermanentStorage dates from the
 * cursor, restricted to the HWM, in windows KSeF accepts; a truncated result goes on from its last date. A rate
 * limit (429) never fails the poll: what was gathered is returned and the cursor moves only past it.
 */
export async function pollNewInvoices(api: AuthorizedApi, cursor: SyncCursor, options: SyncOptions = {}): Promise<SyncPoll> {
	const query = await newInvoiceMetadata(api, cursor, options);
	let delivered: SyncedInvoice[] = query.found.map((metadata) => ({ metadata }));
	let stoppedBy = query.stoppedBy;
	if (options.includeXml && delivered.length) {
		const withXml = await attachXml(api, cursor, query.found, options);
		if (withXml.length < delivered.length) stoppedBy = 'rateLimit';
		delivered = withXml;
	}
	const everything = delivered.length === query.found.length && !query.stoppedBy;
	return {
		invoices: delivered,
		cursor: advanceCursor(
			cursor,
			delivered.map((d) => d.metadata),
			everything ? query.checkpoint : undefined,
		),
		stoppedBy,
		permanentStorageHwmDate: query.hwm,
	};
}

interface MetadataResult {
	found: InvoiceMetadata[];
	/** Where the next window starts when every invoice found is delivered (hwm.md's checkpoint). */
	checkpoint?: string;
	hwm?: string;
	stoppedBy?: 'rateLimit' | 'maxInvoices';
}

async function newInvoiceMetadata(api: AuthorizedApi, cursor: SyncCursor, options: SyncOptions): Promise<MetadataResult> {
	const max = Math.max(1, options.maxInvoices ?? DEFAULT_MAX_INVOICES);
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(10, options.pageSize ?? MAX_PAGE_SIZE));
	const cap = options.resultCap ?? TECHNICAL_RESULT_CAP;
	const nowMs = (options.now ?? Date.now)();
	const found: InvoiceMetadata[] = [];
	const seen = new Set<string>();
	let checkpoint: string | undefined;
	let hwm: string | undefined;
	let from = cursor.from;
	// A cursor more than 3 months back (a backfill) is walked in windows KSeF accepts; the last one ends at the HWM.
	let to = windowEnd(from, nowMs);
	let pageOffset = 0;

	for (;;) {
		let body: QueryInvoicesMetadataResponse;
		try {
			body = (
				await api.json<QueryInvoicesMetadataResponse>({
					method: 'POST',
					path: '/invoices/query/metadata',
					query: { sortOrder: 'Asc', pageOffset, pageSize },
					json: { ...options.filters, subjectType: cursor.subjectType, dateRange: { dateType: 'PermanentStorage', from, to, restrictToPermanentStorageHwmDate: true } },
					idempotent: true,
				})
			).body;
		} catch (error) {
			if (isBeyondHwm(error)) return { found, checkpoint, hwm };
			if (isRateLimit(error)) return { found, checkpoint, hwm, stoppedBy: 'rateLimit' };
			throw error;
		}
		let last: InvoiceMetadata | undefined;
		for (const invoice of body.invoices) {
			last = invoice;
			if (seen.has(invoice.ksefNumber) || deliveredBefore(cursor, invoice)) continue;
			seen.add(invoice.ksefNumber);
			found.push(invoice);
			if (found.length >= max) return { found, checkpoint, hwm, stoppedBy: 'maxInvoices' };
		}
		const atCap = (pageOffset + 1) * pageSize >= cap && body.invoices.length === pageSize;
		if (!body.hasMore && !atCap) {
			const reached = body.permanentStorageHwmDate ?? to ?? undefined;
			if (reached) {
				checkpoint = reached;
				hwm = body.permanentStorageHwmDate ?? undefined;
			}
			// The window ended at our own `to`, not at the HWM: the next adjacent window starts there.
			if (to !== undefined && reached !== undefined && parseKsefInstant(reached) >= parseKsefInstant(to)) {
				from = to;
				to = windowEnd(from, nowMs);
				pageOffset = 0;
				continue;
			}
			return { found, checkpoint, hwm };
		}
		if ((body.isTruncated || atCap) && last) {
			// The spec's continuation: from the last record's date, first page again; repeats are skipped by number.
			if (parseKsefInstant(last.permanentStorageDate) <= parseKsefInstant(from)) pageOffset++;
			else {
				from = last.permanentStorageDate;
				pageOffset = 0;
			}
			continue;
		}
		pageOffset++;
	}
}

/** Undefined (up to the HWM) when `from` is within 3 months of now; otherwise the end of the longest window allowed. */
function windowEnd(from: string, nowMs: number): string | undefined {
	const endMs = windowEndMs(parseKsefInstant(from), DEFAULT_WINDOW_DAYS - 1);
	return endMs < nowMs ? toWarsawIso(endMs) : undefined;
}

/**
 * The XML for the longest leading run of `found` that can be had now. Many go through one export over exactly
 * their range; the rest (or all, when few) are single downloads. A rate limit ends the run.
 */
async function attachXml(api: AuthorizedApi, cursor: SyncCursor, found: InvoiceMetadata[], options: SyncOptions): Promise<SyncedInvoice[]> {
	const singleMax = Math.max(0, options.singleDownloadMax ?? DEFAULT_SINGLE_DOWNLOAD_MAX);
	const exported = new Map<string, Buffer>();
	if (found.length > singleMax) {
		const wanted = new Set(found.map((f) => f.ksefNumber));
		const range: InvoiceQueryFilters = {
			...options.filters,
			subjectType: cursor.subjectType,
			// From the first new invoice, not the cursor: a backfill's cursor may lie months earlier, and each 3-month
			// window of an export costs one of PRD's 20 exports an hour.
			dateRange: { dateType: 'PermanentStorage', from: found[0].permanentStorageDate, to: found[found.length - 1].permanentStorageDate },
		};
		try {
			for await (const invoice of exportInvoices(api, range, { ...options.export, sleep: options.sleep })) {
				if (wanted.has(invoice.ksefNumber)) exported.set(invoice.ksefNumber, invoice.xml);
			}
		} catch (error) {
			if (!isRateLimit(error)) throw error;
			// What the package delivered before the limit is kept; single downloads may still fill the gap.
		}
	}
	const result: SyncedInvoice[] = [];
	let downloads = 0;
	for (const metadata of found) {
		const xml = exported.get(metadata.ksefNumber);
		if (xml) {
			result.push({ metadata, xml });
			continue;
		}
		if (downloads++ >= singleMax) break;
		try {
			const file = await downloadInvoice(api, metadata.ksefNumber, { sleep: options.sleep });
			result.push({ metadata, xml: file.xml, hash: file.hash });
		} catch (error) {
			if (isRateLimit(error)) break;
			throw error;
		}
	}
	return result;
}

function isRateLimit(error: unknown): boolean {
	return error instanceof KsefApiError && error.httpStatus === 429;
}
