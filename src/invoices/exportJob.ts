import type { ExportInvoicesResponse, InvoiceExportRequest, InvoiceExportStatusResponse, InvoicePackage, InvoiceQueryFilters } from '../api/schemas';
import { KsefApiError, KsefError, KsefTimeoutError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import type { Sleep } from '../http/retry';
import type { SessionEncryption } from '../sessions/sessionEncryption';

/** Too many exports already running in this context. */
const TOO_MANY_EXPORTS = 21182;
const IN_PROGRESS = 100;
const DONE = 200;
/** The range starts past permanentStorageHwmDate with restrictToPermanentStorageHwmDate set. */
const BEYOND_HWM = 420;

export interface ExportProgress {
	referenceNumber?: string;
	/** 100 while KSeF prepares the package (which can last long), 200 when it is ready; 21182 while we queue. */
	statusCode: number;
	waitedMs: number;
	from: string;
	to?: string;
}

export interface ExportJobOptions {
	sleep: Sleep;
	/** Longest wait for one export, queueing included. */
	maxWaitMs: number;
	onProgress?: (progress: ExportProgress) => void;
}

/** Starts an export, waiting in line while KSeF runs too many at once in this context. */
export async function startExport(api: AuthorizedApi, filters: InvoiceQueryFilters, encryption: SessionEncryption, options: ExportJobOptions): Promise<string> {
	const request: InvoiceExportRequest = { encryption: encryption.info, filters, onlyMetadata: false };
	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		try {
			return (await api.json<ExportInvoicesResponse>({ method: 'POST', path: '/invoices/exports', json: request })).body.referenceNumber;
		} catch (error) {
			if (!(error instanceof KsefApiError) || error.exceptionCode !== TOO_MANY_EXPORTS) throw error;
			// Running exports finish within minutes; queueing behind them beats failing a long sync.
			const waitedMs = Date.now() - started;
			const delay = Math.min(60_000, 5_000 * attempt);
			if (waitedMs + delay > options.maxWaitMs) throw error;
			options.onProgress?.({ statusCode: TOO_MANY_EXPORTS, waitedMs, from: filters.dateRange.from, to: filters.dateRange.to ?? undefined });
			await options.sleep(delay);
		}
	}
}

/** The finished package, or 'beyondHwm' when the range lies past what KSeF has finished storing. */
export async function waitForPackage(
	api: AuthorizedApi,
	referenceNumber: string,
	filters: InvoiceQueryFilters,
	options: ExportJobOptions,
): Promise<InvoicePackage | 'beyondHwm'> {
	const started = Date.now();
	let delay = 500;
	for (;;) {
		const { body } = await api.json<InvoiceExportStatusResponse>({ method: 'GET', path: `/invoices/exports/${encodeURIComponent(referenceNumber)}` });
		const waitedMs = Date.now() - started;
		const code = body.status.code;
		options.onProgress?.({ referenceNumber, statusCode: code, waitedMs, from: filters.dateRange.from, to: filters.dateRange.to ?? undefined });
		if (code === DONE && body.package) return body.package;
		if (code === BEYOND_HWM) return 'beyondHwm';
		if (code !== IN_PROGRESS) {
			const details = body.status.details?.length ? ` (${body.status.details.join('; ')})` : '';
			throw new KsefError(`The export ${referenceNumber} ended with status ${code}: ${body.status.description}${details}.`);
		}
		if (waitedMs + delay > options.maxWaitMs) {
			throw new KsefTimeoutError(
				`The export ${referenceNumber} was still being prepared after ${Math.round(waitedMs / 1000)} s. ` +
					'KSeF sometimes takes long; run again later, or allow a longer wait.',
			);
		}
		await options.sleep(delay);
		delay = Math.min(10_000, delay * 2);
	}
}
