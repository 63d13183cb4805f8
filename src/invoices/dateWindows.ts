import type { InvoiceMetadata, InvoiceQueryDateType, InvoiceQueryFilters } from '../api/schemas';
import { KsefInputError } from '../errors/KsefInputError';
import { addMonths, parseKsefInstant, toWarsawIso, warsawDayStartMs } from '../util/warsawTime';

const DAY_MS = 24 * 3_600_000;

/** KSeF refuses a date range longer than 3 months (in UTC or Warsaw time, whichever is shorter for us). */
export const MAX_RANGE_MONTHS = 3;
export const DEFAULT_WINDOW_DAYS = 90;

/**
 * The instant a record sorts by for `dateType`. Issue dates are calendar days in Poland, so they count as the
 * start of that day in Warsaw, which is also what a `from` set to that day means to KSeF.
 */
export function recordInstant(invoice: InvoiceMetadata, dateType: InvoiceQueryDateType): number {
	if (dateType === 'Issue') return warsawDayStartMs(invoice.issueDate);
	if (dateType === 'Invoicing') return parseKsefInstant(invoice.invoicingDate);
	return parseKsefInstant(invoice.permanentStorageDate);
}

/**
 * The record's date for `dateType` as a range point: as KSeF wrote it, or for Issue the start of that day in
 * Warsaw as a date-time (what a `from` needs). Where a truncated result continues, and where a cursor stands.
 */
export function recordPoint(invoice: InvoiceMetadata, dateType: InvoiceQueryDateType): RangePoint {
	const ms = recordInstant(invoice, dateType);
	if (dateType === 'Issue') return { text: toWarsawIso(ms), ms };
	return { text: dateType === 'Invoicing' ? invoice.invoicingDate : invoice.permanentStorageDate, ms };
}

/**
 * The end of a query window starting at `fromMs`: `maxWindowDays` later, but never past 3 calendar months,
 * because month ends clamp (31 January + 3 months is 30 April, only 89 days).
 */
export function windowEndMs(fromMs: number, maxWindowDays: number): number {
	const byDays = fromMs + Math.max(1, maxWindowDays) * DAY_MS;
	return Math.min(byDays, addMonths(fromMs, MAX_RANGE_MONTHS, 'UTC'), addMonths(fromMs, MAX_RANGE_MONTHS, 'Warsaw'));
}


const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The range as points KSeF accepts (it wants date-times); no `to` means now, as KSeF reads it. A bare day as `to`
 * means the end of that day in Poland, so "to 2026-01-31" includes the 31st. Unreadable dates are named before
 * any request.
 */
export function resolveDateRange(dateRange: InvoiceQueryFilters['dateRange']): { from: RangePoint; to?: RangePoint; toMs: number } {
	const fromMs = parseKsefInstant(dateRange.from);
	if (Number.isNaN(fromMs)) {
		throw new KsefInputError('From', `"${dateRange.from}" is not a date`, 'Use an ISO date such as 2026-03-01 or 2026-03-01T08:00:00+01:00.');
	}
	const from = { text: DATE_ONLY.test(dateRange.from.trim()) ? toWarsawIso(fromMs) : dateRange.from, ms: fromMs };
	if (!dateRange.to) return { from, toMs: Date.now() };
	const text = dateRange.to.trim();
	const startMs = parseKsefInstant(text);
	if (Number.isNaN(startMs)) throw new KsefInputError('To', `"${dateRange.to}" is not a date`, 'Use an ISO date such as 2026-03-31, or leave it empty for "now".');
	const to = DATE_ONLY.test(text) ? endOfDay(text) : { text: dateRange.to, ms: startMs };
	if (to.ms < fromMs) throw new KsefInputError('To', 'is before From', 'Swap the two dates.');
	return { from, to, toMs: to.ms };
}

function endOfDay(day: string): RangePoint {
	const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
	const ms = warsawDayStartMs(next) - 1;
	return { text: toWarsawIso(ms), ms };
}

/** A point in the range as sent to KSeF (`text`) and as an instant (`ms`). */
export interface RangePoint {
	text: string;
	ms: number;
}

export interface DateWindow {
	from: RangePoint;
	/** Undefined keeps KSeF's own "up to now" for the last window of an open range. */
	to?: string;
}

/**
 * Consecutive windows covering the range, each short enough for KSeF. Neighbours share their boundary instant
 * (both ends are inclusive), so callers drop repeats there (EmittedBoundary).
 */
export function* dateWindows(dateRange: InvoiceQueryFilters['dateRange'], maxWindowDays = DEFAULT_WINDOW_DAYS): Generator<DateWindow> {
	const range = resolveDateRange(dateRange);
	let from = range.from;
	for (;;) {
		const endMs = Math.min(windowEndMs(from.ms, maxWindowDays), range.toMs);
		if (endMs >= range.toMs) {
			// The last window keeps the caller's own end; none stays "up to KSeF's now".
			yield { from, to: range.to?.text };
			return;
		}
		yield { from, to: toWarsawIso(endMs) };
		from = { text: toWarsawIso(endMs), ms: endMs };
	}
}
