import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvoicePackage, InvoiceQueryDateType, InvoiceQueryFilters } from '../api/schemas';
import { KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { createSessionEncryption } from '../sessions/sessionEncryption';
import { parseKsefInstant, toWarsawIso, warsawDayStartMs } from '../util/warsawTime';
import { dateWindows, type RangePoint } from './dateWindows';
import { EmittedBoundary } from './emittedBoundary';
import { startExport, waitForPackage, type ExportJobOptions, type ExportProgress } from './exportJob';
import { downloadPackage, packageInvoices, type ExportedInvoice } from './exportPackage';
import type { CheckpointTracker } from './rangeCheckpoint';
import { isBeyondHwm } from './beyondHwm';

export type { ExportedInvoice, ExportProgress };

export interface ExportOptions {
	/** Longest wait for one package (KSeF can keep an export at 100 for long); default 30 minutes. */
	maxWaitMs?: number;
	onProgress?: (progress: ExportProgress) => void;
	/** Where the decrypted package is unpacked from; removed afterwards. Default: the OS temp directory. */
	tempDir?: string;
	/** Longest date window per export; KSeF refuses more than 3 months. */
	maxWindowDays?: number;
	sleep?: Sleep;
	/** Something in a package that was skipped while the rest was delivered (see packageInvoices). */
	onPackageProblem?: (problem: string) => void;
	/**
	 * Follows the run for a builder's own incremental loop; read its result() after the loop. With it, a range
	 * restricted to the HWM that starts past it gives no invoices instead of an error: nothing there is final yet.
	 */
	checkpoint?: CheckpointTracker;
}

/**
 * The asynchronous export, one invoice at a time: for each date window KSeF accepts, ask KSeF to pack the
 * invoices (encrypted with a fresh key), wait for the package, download and decrypt its parts into a temporary
 * ZIP, and read the invoices out of it. A truncated package (10,000 invoices or 1 GB) continues from its last
 * date; the invoices at that instant come again and are skipped.
 */
export async function* exportInvoices(api: AuthorizedApi, filters: InvoiceQueryFilters, options: ExportOptions = {}): AsyncGenerator<ExportedInvoice> {
	const job: ExportJobOptions = { sleep: options.sleep ?? defaultSleep, maxWaitMs: options.maxWaitMs ?? 30 * 60_000, onProgress: options.onProgress };
	const { dateType } = filters.dateRange;
	const boundary = new EmittedBoundary();
	let packages = 0;
	const { checkpoint } = options;

	for (const window of dateWindows(filters.dateRange, options.maxWindowDays)) {
		let from = window.from;
		for (;;) {
			const windowFilters: InvoiceQueryFilters = { ...filters, dateRange: { ...filters.dateRange, from: from.text, to: window.to } };
			const encryption = await createSessionEncryption(api.http);
			let pack: InvoicePackage | 'beyondHwm';
			try {
				pack = await waitForPackage(api, await startExport(api, windowFilters, encryption, job), windowFilters, job);
			} catch (error) {
				if ((packages > 0 || checkpoint) && isBeyondHwm(error)) return;
				throw error;
			}
			if (pack === 'beyondHwm') {
				// A later window past the HWM: everything KSeF guarantees complete has been exported.
				if (packages > 0 || checkpoint) return;
				throw new KsefError(
					`The export range starts at ${from.text}, after the data KSeF has finished storing (permanentStorageHwmDate). ` +
						'Start earlier, or turn off "Only Up to Storage High-Water Mark".',
				);
			}
			packages++;
			checkpoint?.reportHwm(pack.permanentStorageHwmDate);
			const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ksef-export-'));
			try {
				const zipPath = join(dir, 'package.zip');
				await downloadPackage(api, pack, encryption.material, zipPath);
				for await (const invoice of packageInvoices(zipPath, dateType, boundary, options.onPackageProblem, (metadata) => checkpoint?.leaveOut(metadata))) {
					// An invoice without metadata (packages before 27.10.2025) has no date to place; at worst it comes again.
					if (invoice.metadata) checkpoint?.deliver(invoice.metadata);
					yield invoice;
				}
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
			if (!pack.isTruncated) break;
			const next = continuationFrom(pack, dateType, boundary);
			if (next.ms <= from.ms) {
				throw new KsefError(
					`KSeF cut the export at its limit while every invoice in it shares the ${dateType} date ${from.text}; it cannot continue past them. ` +
						'Narrow the filters (seller NIP, invoice type, amount).',
				);
			}
			from = next;
		}
	}
}

/** The package's own last date for the filter's date type (the spec's checkpoint), else the last invoice seen. */
function continuationFrom(pack: InvoicePackage, dateType: InvoiceQueryDateType, boundary: EmittedBoundary): RangePoint {
	const reported = dateType === 'PermanentStorage' ? pack.lastPermanentStorageDate : dateType === 'Invoicing' ? pack.lastInvoicingDate : pack.lastIssueDate;
	if (reported) {
		if (dateType === 'Issue') {
			const ms = warsawDayStartMs(reported);
			return { text: toWarsawIso(ms), ms };
		}
		return { text: reported, ms: parseKsefInstant(reported) };
	}
	// No invoice read at all cannot move the range forward; the caller reports that as being stuck.
	if (!Number.isFinite(boundary.lastMs)) return { text: '', ms: Number.NEGATIVE_INFINITY };
	return { text: toWarsawIso(boundary.lastMs), ms: boundary.lastMs };
}
