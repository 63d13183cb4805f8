import type { InvoiceMetadata, InvoiceQueryDateType, InvoiceQueryFilters } from '../api/schemas';
import { parseKsefInstant } from '../util/warsawTime';
import { recordInstant, recordPoint, resolveDateRange, type RangePoint } from './dateWindows';
import { edgeAfter } from './syncCursor';

/**
 * What one run of a query or export tells a builder's own incremental loop (docs: pobieranie-faktur/hwm.md).
 * Invariant: every invoice of the range dated (by `dateType`) before `nextFrom` was output, and those output at
 * or after it are listed in `deliveredAtNextFrom`. So the next run from `nextFrom`, skipping those numbers,
 * delivers each invoice exactly once.
 */
export interface RangeCheckpoint {
	/** The date type of the range; `nextFrom` is a date of this type. */
	dateType: InvoiceQueryDateType;
	/**
	 * KSeF's permanentStorageHwmDate for the end of the range (Permanent Storage only, else null): every invoice
	 * stored up to it is final; later ones may still be joined by invoices KSeF stores late.
	 */
	permanentStorageHwmDate: string | null;
	/** The output stopped at the caller's limit before the end of the range; the rest starts at `nextFrom`. */
	isTruncated: boolean;
	/**
	 * Where the next run starts: when truncated, the date of the last invoice output; otherwise, for Permanent
	 * Storage, the HWM (or the range's end when that is earlier). Never past the HWM nor past an invoice KSeF
	 * listed but the run could not output. Null when the whole range was output by Issue or Invoicing date: those
	 * dates do not give a loop that never misses an invoice stored late.
	 */
	nextFrom: string | null;
	/** KSeF numbers already output that a run starting at `nextFrom` returns again: skip them. */
	deliveredAtNextFrom: string[];
}

/**
 * Follows a query or export as it runs (the HWM KSeF reports, each invoice output or left out, an early stop)
 * and tells its checkpoint once the run has ended.
 */
export class CheckpointTracker {
	private hwm: string | undefined;
	private readonly delivered: InvoiceMetadata[] = [];
	/** The earliest invoice KSeF listed but the run could not output; the checkpoint stays at or before it. */
	private leftOut: RangePoint | undefined;
	private truncated = false;

	constructor(private readonly dateRange: InvoiceQueryFilters['dateRange']) {}

	/** Each answer's permanentStorageHwmDate; the last one covers the end of the range. */
	reportHwm(value: string | null | undefined): void {
		if (value) this.hwm = value;
	}

	/** An invoice that went out, in output order (ascending by the range's date type). */
	deliver(invoice: InvoiceMetadata): void {
		this.delivered.push(invoice);
	}

	/** An invoice KSeF listed that did not go out (e.g. its file missing from an export package). */
	leaveOut(invoice: InvoiceMetadata): void {
		const point = recordPoint(invoice, this.dateRange.dateType);
		if (!this.leftOut || point.ms < this.leftOut.ms) this.leftOut = point;
	}

	/** The output stopped at the caller's limit while KSeF had, or may have had, more. */
	stopEarly(): void {
		this.truncated = true;
	}

	result(): RangeCheckpoint {
		const { dateType } = this.dateRange;
		const storage = dateType === 'PermanentStorage';
		const common = { dateType, permanentStorageHwmDate: storage ? (this.hwm ?? null) : null, isTruncated: this.truncated };
		if (!storage && !this.truncated) return { ...common, nextFrom: null, deliveredAtNextFrom: [] };
		const rangeFrom = resolveDateRange(this.dateRange).from;
		// The trigger's cursor rule: past exactly what went out, or at the HWM when everything up to it went out.
		const edge = edgeAfter({ from: rangeFrom.text, deliveredAtFrom: [] }, this.delivered, dateType, storage && !this.truncated ? this.hwm : undefined);
		// Never past an invoice left out, nor past the HWM: output beyond it (a range not restricted to it) may
		// still be joined by invoices KSeF stores late. The next run starts there and skips what went out since.
		const ceiling = earliest(this.leftOut, storage && this.hwm ? { text: this.hwm, ms: parseKsefInstant(this.hwm) } : undefined);
		if (ceiling && parseKsefInstant(edge.from) > ceiling.ms) {
			const from = ceiling.ms > rangeFrom.ms ? ceiling : rangeFrom;
			const since = this.delivered.filter((invoice) => recordInstant(invoice, dateType) >= from.ms);
			return { ...common, nextFrom: from.text, deliveredAtNextFrom: since.map((invoice) => invoice.ksefNumber) };
		}
		return { ...common, nextFrom: edge.from, deliveredAtNextFrom: edge.deliveredAtFrom };
	}
}

function earliest(a: RangePoint | undefined, b: RangePoint | undefined): RangePoint | undefined {
	if (!a || !b) return a ?? b;
	return a.ms <= b.ms ? a : b;
}
