/**
 * The asynchronous invoice export: POST /invoices/exports starts one (at most `limits.maxConcurrentExports`
 * in progress per context, else 21182), GET /invoices/exports/{ref} shows 100 for `delays.exportProcessingMs`,
 * then the package (200), a key error (415) or a range past the HWM (420). The package content is decided as of
 * the moment the export became ready, so polling late or after a restart gives the same package.
 */
import { badRequest, gone, validationError } from '../errors';
import type { Simulator } from '../simulator';
import type { ExportRecord, StatusInfo } from '../state';
import { toIso } from './dates';
import { buildPackage, type BuiltPackage, type PackagePartInfo } from './exportPackage';
import { dateOf, resolveRange, runQuery, type InvoiceQueryFilters } from './query';
import { signedUrl } from './storageLinks';

/** The spec: export status is kept for 7 days (410 after). */
const STATUS_TTL_MS = 7 * 24 * 3_600_000;
/** ⚠ Not documented; packages expire before their status does, so 210 can be seen. */
const PACKAGE_TTL_MS = 3 * 24 * 3_600_000;
/** Part links are minted per status call and live an hour (as in the spec's example). */
const PART_LINK_TTL_MS = 3_600_000;
/** Built packages kept in memory; older ones are rebuilt (identically) on demand. */
const CACHED_PACKAGES = 20;

const IN_PROGRESS: StatusInfo = { code: 100, description: 'Eksport faktur w toku' };
const DONE: StatusInfo = { code: 200, description: 'Eksport faktur zakończony sukcesem' };
const EXPIRED: StatusInfo = { code: 210, description: 'Eksport faktur wygasł i nie jest już dostępny do pobrania' };
const KEY_ERROR: StatusInfo = { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' };
const BEYOND_HWM: StatusInfo = {
	code: 420,
	description: 'Zakres filtrowania wykracza poza dostępny zakres danych',
	details: ['Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate przy włączonym restrictToPermanentStorageHwmDate.'],
};

/** InvoiceExportRequest from openapi.json. */
export interface InvoiceExportRequest {
	encryption: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId?: string | null };
	filters: InvoiceQueryFilters;
	onlyMetadata?: boolean;
	compressionType?: 'Zip' | 'TarGz' | null;
}

/** What a finished export remembers about its package (ExportRecord.packageInfo), links excluded. */
interface PackageSummary {
	invoiceCount: number;
	size: number;
	parts: PackagePartInfo[];
	isTruncated: boolean;
	lastIssueDate?: string;
	lastInvoicingDate?: string;
	lastPermanentStorageDate?: string;
	/** openapi.json: "Dla dateType = Issue lub Invoicing – null". */
	permanentStorageHwmDate: string | null;
}

interface Outcome {
	status: StatusInfo;
	summary?: PackageSummary;
	built?: BuiltPackage;
}

const cache = new WeakMap<Simulator, Map<string, Promise<Outcome>>>();

function cacheOf(sim: Simulator): Map<string, Promise<Outcome>> {
	let byRef = cache.get(sim);
	if (!byRef) {
		byRef = new Map();
		cache.set(sim, byRef);
	}
	return byRef;
}

function decryptKey(sim: Simulator, encryptedSymmetricKey: string): Buffer | undefined {
	try {
		const key = sim.keys.decrypt('SymmetricKeyEncryption', Buffer.from(encryptedSymmetricKey, 'base64'));
		return key.length === 32 ? key : undefined;
	} catch {
		return undefined;
	}
}

export function startExport(sim: Simulator, nip: string, request: InvoiceExportRequest): string {
	const now = sim.now();
	const { encryption } = request;
	if (encryption.publicKeyId && encryption.publicKeyId !== sim.keys.publicKeyIdOf('SymmetricKeyEncryption')) {
		throw badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [
			`Klucz o identyfikatorze ${encryption.publicKeyId} nie jest wspierany.`,
		]);
	}
	const iv = Buffer.from(encryption.initializationVector, 'base64');
	if (iv.length !== 16) throw validationError(['encryption.initializationVector: wektor inicjalizujący musi mieć 16 bajtów.']);
	const readyAtMs = now + sim.options.delays.exportProcessingMs;
	resolveRange(request.filters, readyAtMs);

	const limit = sim.options.limits.maxConcurrentExports;
	const running = Object.values(sim.state.exports).filter((e) => e.nip === nip && e.readyAtMs > now).length;
	if (running >= limit) {
		throw badRequest(21182, 'Osiągnięto limit trwających eksportów.', [
			`Dla uwierzytelnionego podmiotu w bieżącym kontekście osiągnięto maksymalny limit ${limit} równoczesnych eksportów faktur. Spróbuj ponownie później.`,
		]);
	}

	const key = decryptKey(sim, encryption.encryptedSymmetricKey);
	const record: ExportRecord = {
		referenceNumber: sim.nextReferenceNumber('EX'),
		nip,
		createdAtMs: now,
		readyAtMs,
		status: IN_PROGRESS,
		filters: request.filters as unknown as Record<string, unknown>,
		onlyMetadata: request.onlyMetadata ?? false,
		compressionType: request.compressionType ?? 'Zip',
		...(key ? { aesKey: key.toString('base64') } : {}),
		iv: iv.toString('base64'),
	};
	sim.state.exports[record.referenceNumber] = record;
	return record.referenceNumber;
}

async function produce(sim: Simulator, record: ExportRecord): Promise<Outcome> {
	if (!record.aesKey || !record.iv || !record.filters) return { status: KEY_ERROR };
	const filters = record.filters as unknown as InvoiceQueryFilters;
	const result = runQuery(sim, record.nip, filters, record.readyAtMs, 'Asc');
	if (result.beyondHwm) return { status: BEYOND_HWM };
	const cap = sim.options.limits.maxQueryResults;
	const invoices = result.matched.slice(0, cap);
	const isTruncated = result.matched.length > cap;
	const built = await buildPackage({
		exportReferenceNumber: record.referenceNumber,
		invoices,
		onlyMetadata: record.onlyMetadata ?? false,
		compressionType: record.compressionType ?? 'Zip',
		entryDate: new Date(record.readyAtMs),
		partSizeBytes: sim.options.limits.exportPartSizeBytes,
		aesKey: Buffer.from(record.aesKey, 'base64'),
		iv: Buffer.from(record.iv, 'base64'),
	});
	const last = invoices[invoices.length - 1];
	const dateType = filters.dateRange.dateType;
	// The spec: last*Date only when the package was cut, and only the one for the filter's date type.
	const lastDates: Partial<PackageSummary> = {};
	if (isTruncated && last) {
		if (dateType === 'Issue') lastDates.lastIssueDate = last.metadata.issueDate.slice(0, 10);
		if (dateType === 'Invoicing') lastDates.lastInvoicingDate = toIso(dateOf(last, 'Invoicing'));
		if (dateType === 'PermanentStorage') lastDates.lastPermanentStorageDate = last.metadata.permanentStorageDate;
	}
	const summary: PackageSummary = {
		invoiceCount: invoices.length,
		size: built.size,
		parts: built.parts,
		isTruncated,
		...lastDates,
		permanentStorageHwmDate: result.hwmMs !== undefined ? toIso(result.hwmMs) : null,
	};
	return { status: DONE, summary, built };
}

/** The export's outcome, built once and cached; the record remembers status and package for restarts. */
function outcomeOf(sim: Simulator, record: ExportRecord): Promise<Outcome> {
	const byRef = cacheOf(sim);
	let pending = byRef.get(record.referenceNumber);
	if (!pending) {
		pending = produce(sim, record).then((outcome) => {
			const previous = record.packageInfo as unknown as PackageSummary | undefined;
			const rebuiltDifferently = previous && outcome.summary && JSON.stringify(previous.parts) !== JSON.stringify(outcome.summary.parts);
			if (rebuiltDifferently) sim.log(`export ${record.referenceNumber}: rebuilt package differs from the one announced`);
			record.status = outcome.status;
			record.completedDate = toIso(record.readyAtMs);
			if (outcome.summary) {
				record.packageInfo = outcome.summary as unknown as Record<string, unknown>;
				record.packageExpirationDate = toIso(record.readyAtMs + PACKAGE_TTL_MS);
			}
			return outcome;
		});
		pending.catch(() => byRef.delete(record.referenceNumber));
		byRef.set(record.referenceNumber, pending);
		while (byRef.size > CACHED_PACKAGES) byRef.delete(byRef.keys().next().value as string);
	}
	return pending;
}

function requireExport(sim: Simulator, referenceNumber: string, nip: string): ExportRecord {
	const record = sim.state.exports[referenceNumber];
	if (!record || record.nip !== nip) throw badRequest(21175, 'Wynik zapytania o podanym identyfikatorze nie istnieje.');
	return record;
}

/** InvoiceExportStatusResponse for the caller's export. */
export async function exportStatusBody(sim: Simulator, nip: string, referenceNumber: string) {
	const record = requireExport(sim, referenceNumber, nip);
	const now = sim.now();
	if (now > record.createdAtMs + STATUS_TTL_MS) throw gone('Operacja wygasła i nie jest już dostępna.');
	if (now < record.readyAtMs) return { status: IN_PROGRESS };
	const outcome = await outcomeOf(sim, record);
	const completedDate = toIso(record.readyAtMs);
	if (!outcome.summary) return { status: outcome.status, completedDate };
	const packageExpiresAtMs = record.readyAtMs + PACKAGE_TTL_MS;
	if (now > packageExpiresAtMs) return { status: EXPIRED, completedDate, packageExpirationDate: toIso(packageExpiresAtMs) };
	const linkExpiresAtMs = Math.min(now + PART_LINK_TTL_MS, packageExpiresAtMs);
	return {
		status: outcome.status,
		completedDate,
		packageExpirationDate: toIso(packageExpiresAtMs),
		package: {
			...outcome.summary,
			parts: outcome.summary.parts.map((part) => ({
				ordinalNumber: part.ordinalNumber,
				partName: part.partName,
				method: 'GET',
				url: signedUrl(sim, `/download/${record.referenceNumber}/${part.ordinalNumber}`, linkExpiresAtMs),
				partSize: part.partSize,
				partHash: part.partHash,
				encryptedPartSize: part.encryptedPartSize,
				encryptedPartHash: part.encryptedPartHash,
				expirationDate: toIso(linkExpiresAtMs),
			})),
		},
	};
}

/** The encrypted bytes of one part, or undefined when the export has no such part (yet). */
export async function exportPartBytes(sim: Simulator, referenceNumber: string, ordinalNumber: number): Promise<Buffer | undefined> {
	const record = sim.state.exports[referenceNumber];
	if (!record || sim.now() < record.readyAtMs) return undefined;
	if (sim.now() > record.readyAtMs + PACKAGE_TTL_MS) return undefined;
	const outcome = await outcomeOf(sim, record);
	return outcome.built?.encryptedParts[ordinalNumber - 1];
}
