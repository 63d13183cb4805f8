/**
 * Dates as KSeF reads and writes them: filter dates without an offset are Europe/Warsaw local time, invoice
 * issue dates (P_1) are calendar days in Poland, and UPO documents carry Warsaw offsets (+01:00 / +02:00).
 */

import { fromWarsawWallClock } from '../../../src/util/warsawTime';

// The time-zone arithmetic itself is plain calendar maths, shared with the client rather than written twice.
export { addMonths, toWarsawIso, warsawOffsetMinutes } from '../../../src/util/warsawTime';

const OFFSET_SUFFIX = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Parses a filter date: `Z` or an explicit offset as given, no offset as Europe/Warsaw local time. NaN if unparsable. */
export function parseKsefDateTime(value: string): number {
	if (OFFSET_SUFFIX.test(value)) return Date.parse(value);
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/.exec(value);
	if (!m) return Number.NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
	const ms = frac ? Math.round(Number(frac) * 1000) : 0;
	return fromWarsawWallClock(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
}

/** Start of an invoice's issue day (`YYYY-MM-DD`, a Polish calendar day) as an instant. */
export function issueDayStartMs(issueDate: string): number {
	return parseKsefDateTime(`${issueDate.slice(0, 10)}T00:00:00`);
}

export function toIso(ms: number): string {
	return new Date(ms).toISOString();
}

