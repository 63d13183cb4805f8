import type { InvoiceMetadata, InvoiceQueryDateType, InvoiceQueryFilters } from '../api/schemas';
import { parseKsefInstant, toWarsawIso } from '../util/warsawTime';
import { recordPoint } from './dateWindows';

export type SubjectType = InvoiceQueryFilters['subjectType'];
export const SUBJECT_TYPES: readonly SubjectType[] = ['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'];

/**
 * Where an incremental sync of one subject type goes on (docs: pobieranie-faktur/hwm.md): the start of the next
 * window by PermanentStorage date, and the KSeF numbers already delivered at exactly that instant. Windows are
 * adjacent and inclusive at `from`, so those invoices come again and are skipped by number. Plain JSON, so it
 * survives a restart in whatever store the caller has (n8n: the workflow's static data).
 */
export interface SyncCursor {
	version: 1;
	subjectType: SubjectType;
	/** PermanentStorage date the next window starts at, as KSeF wrote it (or as the caller chose it). */
	from: string;
	/** KSeF numbers already delivered whose PermanentStorage date is exactly `from`. */
	deliveredAtFrom: string[];
}

export function newCursor(subjectType: SubjectType, fromMs: number): SyncCursor {
	return { version: 1, subjectType, from: toWarsawIso(fromMs), deliveredAtFrom: [] };
}

/** A stored cursor read back, or undefined when it is missing or not one of ours (then the caller starts afresh). */
export function readCursor(stored: unknown, subjectType: SubjectType): SyncCursor | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const c = stored as Partial<SyncCursor>;
	if (c.version !== 1 || c.subjectType !== subjectType || typeof c.from !== 'string' || Number.isNaN(parseKsefInstant(c.from))) return undefined;
	if (!Array.isArray(c.deliveredAtFrom) || !c.deliveredAtFrom.every((n) => typeof n === 'string')) return undefined;
	return { version: 1, subjectType, from: c.from, deliveredAtFrom: [...c.deliveredAtFrom] };
}

export function storageMs(invoice: InvoiceMetadata): number {
	return parseKsefInstant(invoice.permanentStorageDate);
}

/** Whether the invoice was delivered before, judged by the cursor alone (it sorts before `from`, or at it and listed). */
export function deliveredBefore(cursor: SyncCursor, invoice: InvoiceMetadata): boolean {
	const ms = storageMs(invoice);
	const fromMs = parseKsefInstant(cursor.from);
	return ms < fromMs || (ms === fromMs && cursor.deliveredAtFrom.includes(invoice.ksefNumber));
}

/**
 * A place in a stream of invoices sorted by one date type: the instant reached, as KSeF wrote it, and the KSeF
 * numbers already delivered at exactly that instant (a range starting there returns them again).
 */
export interface StreamEdge {
	from: string;
	deliveredAtFrom: string[];
}

/**
 * The cursor after `delivered` (oldest first) went out. With `checkpoint` (the window's permanentStorageHwmDate,
 * known only when every invoice up to it was delivered) the next window starts there; otherwise right at the last
 * delivered invoice, so nothing after it is skipped.
 */
export function advanceCursor(cursor: SyncCursor, delivered: readonly InvoiceMetadata[], checkpoint?: string): SyncCursor {
	return { version: 1, subjectType: cursor.subjectType, ...edgeAfter(cursor, delivered, 'PermanentStorage', checkpoint) };
}

/** advanceCursor for any date type: the edge after `delivered` (ascending by `dateType`), or at `checkpoint` when that lies later. */
export function edgeAfter(edge: StreamEdge, delivered: readonly InvoiceMetadata[], dateType: InvoiceQueryDateType, checkpoint?: string): StreamEdge {
	let from = edge.from;
	let fromMs = parseKsefInstant(from);
	let atFrom = new Set(edge.deliveredAtFrom);
	for (const invoice of delivered) {
		const point = recordPoint(invoice, dateType);
		if (point.ms < fromMs) continue;
		if (point.ms > fromMs) {
			from = point.text;
			fromMs = point.ms;
			atFrom = new Set();
		}
		atFrom.add(invoice.ksefNumber);
	}
	if (checkpoint !== undefined && parseKsefInstant(checkpoint) > fromMs) return { from: checkpoint, deliveredAtFrom: [] };
	return { from, deliveredAtFrom: [...atFrom] };
}
