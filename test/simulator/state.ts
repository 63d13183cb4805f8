/**
 * Everything the simulator remembers. Plain data only (Buffers as base64), so the whole state serialises to
 * one JSON file and a restart with the same --state directory picks up where it left off.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StatusInfo {
	code: number;
	description: string;
	details?: string[];
	extensions?: Record<string, string | null>;
}

export interface SubjectRecord {
	nip: string;
	/** sha256 of each valid KSeF token (the simulator never stores tokens in clear in its state file). */
	tokenHashes: string[];
	attachmentAllowed: boolean;
	/** Revocation asked for via /testdata/attachment/revoke takes effect here, not immediately (as on TEST). */
	attachmentRevokedDate?: string;
	description?: string;
	/** Set by /testdata/context/block: authentication in this context ends with 480 until unblocked. */
	authenticationBlocked?: boolean;
	/**
	 * Who may sign in here with a certificate besides the owner (`Nip:<own NIP>`): `Pesel:…`, `Nip:…` or
	 * `Fingerprint:<SHA-256 hex>` identifiers holding permissions in this context.
	 */
	certificateHolders?: string[];
}

export interface ChallengeRecord {
	challenge: string;
	timestampMs: number;
	expiresAtMs: number;
	used: boolean;
}

export interface AuthOperationRecord {
	referenceNumber: string;
	nip: string;
	startDate: string;
	/** When GET /auth/{ref} stops answering 100. */
	readyAtMs: number;
	/** Final status once ready (200, or 450 etc.). */
	finalStatus: StatusInfo;
	authenticationToken: string;
	authenticationTokenValidUntilMs: number;
	redeemed: boolean;
	refreshTokenValidUntil?: string;
	lastTokenRefreshDate?: string;
	revoked: boolean;
	/** Absent for token sign-ins (the original records); set for XAdES sign-ins. */
	method?: AuthMethodRecord;
}

export interface AuthMethodRecord {
	authenticationMethod: 'QualifiedSignature' | 'QualifiedSeal' | 'InternalCertificate' | 'PersonalSignature';
	category: 'XadesSignature';
	code: string;
	displayName: string;
}

export type TokenKind = 'access' | 'refresh';

export interface IssuedTokenRecord {
	kind: TokenKind;
	authReferenceNumber: string;
	nip: string;
	validUntilMs: number;
}

export interface FormCode {
	systemCode: string;
	schemaVersion: string;
	value: string;
}

export interface BatchPartRecord {
	ordinalNumber: number;
	fileSize: number;
	fileHash: string;
	/** Where the uploaded (still encrypted) bytes were stored, relative to the blob directory. */
	blobName?: string;
	uploaded: boolean;
	/** What arrived, which the storage cannot hold against the declaration; KSeF compares after close. */
	uploadedSize?: number;
	uploadedHash?: string;
}

export interface SessionRecord {
	referenceNumber: string;
	type: 'Online' | 'Batch';
	nip: string;
	formCode: FormCode;
	/** AES key and IV, base64, once the simulator decrypted `encryptedSymmetricKey`. */
	aesKey: string;
	iv: string;
	offlineMode: boolean;
	status: StatusInfo;
	dateCreated: string;
	dateUpdated: string;
	validUntil: string;
	closed: boolean;
	closedAtMs?: number;
	batchFile?: {
		fileSize: number;
		fileHash: string;
		compressionType?: string;
		parts: BatchPartRecord[];
	};
	/** Invoice reference numbers in send order. */
	invoiceReferenceNumbers: string[];
	/** UPO page reference numbers, filled when the session reaches 200. */
	upoReferenceNumbers: string[];
	/** Batch: when KSeF finished unpacking and registering the package's invoices (each then has its own track). */
	processingDoneAtMs?: number;
	/** Batch: a failure of the whole package (decryption, ZIP, hash), final once processing is done. */
	packageFailure?: StatusInfo;
}

export interface InvoiceRecord {
	referenceNumber: string;
	sessionReferenceNumber: string;
	ordinalNumber: number;
	invoiceHash: string;
	invoiceSize: number;
	invoiceFileName?: string;
	invoiceNumber?: string;
	ksefNumber?: string;
	invoicingMode: 'Online' | 'Offline';
	status: StatusInfo;
	/** Timestamps of the status track: the status above is what GET shows once `finalAtMs` has passed. */
	acceptedAtMs: number;
	processingAtMs: number;
	finalAtMs: number;
	finalStatus: StatusInfo;
	invoicingDate: string;
	acquisitionDate?: string;
	permanentStorageDate?: string;
	/** The plain invoice XML (base64), kept for accepted invoices so /invoices/ksef/{n} returns it byte for byte. */
	xml?: string;
	/** Metadata extracted from the XML at acceptance, as InvoiceMetadata in the spec. */
	metadata?: Record<string, unknown>;
	hashOfCorrectedInvoice?: string;
}

export interface ExportRecord {
	referenceNumber: string;
	nip: string;
	createdAtMs: number;
	readyAtMs: number;
	status: StatusInfo;
	/** The export's response body `package` once built. */
	packageInfo?: Record<string, unknown>;
	completedDate?: string;
	packageExpirationDate?: string;
	/** The request's InvoiceQueryFilters, kept so the package can be rebuilt byte for byte after a restart. */
	filters?: Record<string, unknown>;
	onlyMetadata?: boolean;
	compressionType?: 'Zip' | 'TarGz';
	/** AES key and IV (base64) from the request; no key means it could not be decrypted (status 415). */
	aesKey?: string;
	iv?: string;
}

export interface SessionLimits {
	maxInvoiceSizeInMB: number;
	maxInvoiceWithAttachmentSizeInMB: number;
	maxInvoices: number;
}

export interface SimulatorStateData {
	version: 1;
	subjects: Record<string, SubjectRecord>;
	challenges: Record<string, ChallengeRecord>;
	authOperations: Record<string, AuthOperationRecord>;
	/** Bearer token string → what it is. */
	tokens: Record<string, IssuedTokenRecord>;
	sessions: Record<string, SessionRecord>;
	invoices: Record<string, InvoiceRecord>;
	/** KSeF number → invoice reference number. */
	ksefNumbers: Record<string, string>;
	/** Duplicate key (seller NIP | RodzajFaktury | P_2) → KSeF number of the original. */
	duplicateKeys: Record<string, string>;
	exports: Record<string, ExportRecord>;
	/** Per-context session limits set with /testdata/limits/context/session (NIP → limits), as GET /limits/context reports them. */
	sessionLimitOverrides?: Record<string, { onlineSession: SessionLimits; batchSession: SessionLimits }>;
	/** Per-subject certificate limits set with /testdata/limits/subject/certificate (NIP → limits). */
	subjectLimitOverrides?: Record<string, { maxEnrollments?: number; maxCertificates?: number }>;
	/** Serial numbers (upper-case hex) of certificates revoked in the simulator; sign-in with them ends 460. */
	revokedCertificates?: string[];
	/** Signs the pre-signed storage links (base64); kept so links survive a restart. */
	storageSecret?: string;
	/** Monotonic counter behind KSeF numbers and reference numbers, so they stay unique across restarts. */
	sequence: number;
}

export function emptyState(): SimulatorStateData {
	return {
		version: 1,
		subjects: {},
		challenges: {},
		authOperations: {},
		tokens: {},
		sessions: {},
		invoices: {},
		ksefNumbers: {},
		duplicateKeys: {},
		exports: {},
		sequence: 0,
	};
}

const STATE_FILE = 'state.json';

export function loadState(dir: string | undefined): SimulatorStateData {
	if (!dir) return emptyState();
	const file = join(dir, STATE_FILE);
	if (!existsSync(file)) return emptyState();
	return { ...emptyState(), ...(JSON.parse(readFileSync(file, 'utf8')) as SimulatorStateData) };
}

export function saveState(dir: string | undefined, state: SimulatorStateData): void {
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	const file = join(dir, STATE_FILE);
	writeFileSync(file + '.tmp', JSON.stringify(state));
	renameSync(file + '.tmp', file);
}

export const INVOICE_ACCEPTED: StatusInfo = { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' };
export const INVOICE_PROCESSING: StatusInfo = { code: 150, description: 'Trwa przetwarzanie' };

/**
 * What KSeF shows for an invoice at `nowMs`: 100, then 150, then its final status. Derived from timestamps,
 * not timers, so a restarted simulator shows the same track. KSeF number, acquisition and storage dates
 * appear only with the final status.
 */
export function invoiceAt(invoice: InvoiceRecord, nowMs: number): InvoiceRecord {
	if (nowMs >= invoice.finalAtMs) return { ...invoice, status: invoice.finalStatus };
	const status = nowMs >= invoice.processingAtMs ? INVOICE_PROCESSING : INVOICE_ACCEPTED;
	return { ...invoice, status, ksefNumber: undefined, acquisitionDate: undefined, permanentStorageDate: undefined };
}
