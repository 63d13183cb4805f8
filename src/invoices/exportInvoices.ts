import { createDecipheriv } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { components } from '../api/ksefApi';
import { sha256Base64 } from '../crypto/hash';
import { KsefApiError, KsefError, KsefTimeoutError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { createSessionEncryption, type SessionEncryption } from '../sessions/sessionEncryption';
import { toWarsawIso, warsawDayStartMs } from '../util/warsawTime';
import type { InvoiceMetadata, InvoiceQueryFilters } from './queryMetadata';
import { zipEntries } from './zipEntries';

type ExportInvoicesResponse = components['schemas']['ExportInvoicesResponse'];
type InvoiceExportStatusResponse = components['schemas']['InvoiceExportStatusResponse'];
type InvoicePackage = NonNullable<InvoiceExportStatusResponse['package']>;

export interface ExportedInvoice {
	ksefNumber: string;
	xml: Buffer;
	metadata?: InvoiceMetadata;
}

export interface ExportProgress {
	referenceNumber: string;
	statusCode: number;
	waitedMs: number;
}

export interface ExportOptions {
	/** How long one export may sit at 100 before we give up (KSeF: it can take long; it is reported, not fatal). */
	maxWaitMs?: number;
	onProgress?: (progress: ExportProgress) => void;
	tempDir?: string;
	sleep?: Sleep;
}

const TOO_MANY_EXPORTS = 21182;

/**
 * The asynchronous export: ask KSeF to pack the invoices, wait for the package, download its parts from their
 * pre-signed links (no bearer), decrypt each with our key, join, unzip, and yield one invoice at a time. A
 * truncated package (10,000 invoices or 1 GB) is followed by the next window, from its last date.
 */
export async function* exportInvoices(api: AuthorizedApi, filters: InvoiceQueryFilters, options: ExportOptions = {}): AsyncGenerator<ExportedInvoice> {
	const sleep = options.sleep ?? defaultSleep;
	let windowFilters = filters;
	let previous = new Set<string>();
	for (;;) {
		const encryption = await createSessionEncryption(api.http);
		const referenceNumber = await requestExport(api, windowFilters, encryption, sleep);
		const pack = await waitForPackage(api, referenceNumber, options, sleep);
		const seen = new Set<string>();
		const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ksef-export-'));
		try {
			const zipPath = join(dir, 'package.zip');
			await downloadPackage(api, pack, encryption, zipPath);
			const metadata = await readPackageMetadata(zipPath);
			for await (const entry of zipEntries(zipPath)) {
				if (entry.name === '_metadata.json') continue;
				const ksefNumber = entry.name.replace(/^.*\//, '').replace(/\.xml$/i, '');
				seen.add(ksefNumber);
				// Consecutive windows overlap at their boundary instant; what the last package gave is not repeated.
				if (previous.has(ksefNumber)) continue;
				yield { ksefNumber, xml: await entry.read(), metadata: metadata.get(ksefNumber) };
			}
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		if (!pack.isTruncated) return;
		const next = nextWindowStart(pack, windowFilters.dateRange.dateType);
		if (!next) throw new KsefError('KSeF truncated the export but gave no date to continue from; narrow the date range.');
		windowFilters = { ...windowFilters, dateRange: { ...windowFilters.dateRange, from: next } };
		previous = seen;
	}
}

/** `_metadata.json` may come anywhere in the ZIP; reading it first lets every invoice go out with its metadata. */
async function readPackageMetadata(zipPath: string): Promise<Map<string, InvoiceMetadata>> {
	for await (const entry of zipEntries(zipPath)) {
		if (entry.name !== '_metadata.json') continue;
		const parsed = JSON.parse((await entry.read()).toString('utf8')) as { invoices?: InvoiceMetadata[] };
		return new Map((parsed.invoices ?? []).map((invoice) => [invoice.ksefNumber, invoice]));
	}
	return new Map();
}

async function requestExport(api: AuthorizedApi, filters: InvoiceQueryFilters, encryption: SessionEncryption, sleep: Sleep): Promise<string> {
	for (let attempt = 1; ; attempt++) {
		try {
			const { body } = await api.json<ExportInvoicesResponse>({
				method: 'POST',
				path: '/invoices/exports',
				json: { encryption: encryption.info, filters, onlyMetadata: false },
			});
			return body.referenceNumber;
		} catch (error) {
			// Too many exports running in this context: theirs finish within minutes; wait rather than fail.
			if (error instanceof KsefApiError && error.exceptionCode === TOO_MANY_EXPORTS && attempt < 10) {
				await sleep(Math.min(60_000, 5_000 * attempt));
				continue;
			}
			throw error;
		}
	}
}

async function waitForPackage(api: AuthorizedApi, referenceNumber: string, options: ExportOptions, sleep: Sleep): Promise<InvoicePackage> {
	const started = Date.now();
	const maxWaitMs = options.maxWaitMs ?? 30 * 60_000;
	let delay = 500;
	for (;;) {
		const { body } = await api.json<InvoiceExportStatusResponse>({ method: 'GET', path: `/invoices/exports/${encodeURIComponent(referenceNumber)}` });
		const waitedMs = Date.now() - started;
		options.onProgress?.({ referenceNumber, statusCode: body.status.code, waitedMs });
		if (body.status.code === 200 && body.package) return body.package;
		if (body.status.code !== 100) {
			throw new KsefError(`The export ${referenceNumber} ended with ${body.status.code}: ${body.status.description}${body.status.details?.length ? ` (${body.status.details.join('; ')})` : ''}.`);
		}
		if (waitedMs + delay > maxWaitMs) {
			throw new KsefTimeoutError(
				`The export ${referenceNumber} is still being prepared after ${Math.round(waitedMs / 1000)} s. KSeF sometimes takes long; run the node again later with the same range.`,
			);
		}
		await sleep(delay);
		delay = Math.min(10_000, delay * 2);
	}
}

async function downloadPackage(api: AuthorizedApi, pack: InvoicePackage, encryption: SessionEncryption, zipPath: string): Promise<void> {
	const out = createWriteStream(zipPath);
	try {
		for (const part of [...pack.parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
			const { body } = await api.http.bytes({ method: part.method.toUpperCase() as 'GET', path: part.url }, 'application/octet-stream');
			if (sha256Base64(body) !== part.encryptedPartHash) throw new KsefError(`Export part ${part.ordinalNumber} arrived damaged (hash mismatch). Run the export again.`);
			const decipher = createDecipheriv('aes-256-cbc', encryption.material.key, encryption.material.iv);
			const plain = Buffer.concat([decipher.update(body), decipher.final()]);
			if (sha256Base64(plain) !== part.partHash) throw new KsefError(`Export part ${part.ordinalNumber} did not decrypt to what KSeF announced. Run the export again.`);
			if (!out.write(plain)) await once(out, 'drain');
		}
	} finally {
		out.end();
		await once(out, 'close');
	}
}

function nextWindowStart(pack: InvoicePackage, dateType: InvoiceQueryFilters['dateRange']['dateType']): string | undefined {
	const last = dateType === 'PermanentStorage' ? pack.lastPermanentStorageDate : dateType === 'Invoicing' ? pack.lastInvoicingDate : pack.lastIssueDate;
	if (!last) return undefined;
	return dateType === 'Issue' ? toWarsawIso(warsawDayStartMs(last)) : last;
}
