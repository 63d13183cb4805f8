/**
 * Everything that makes the simulator behave one way or another. Defaults follow the real TEST environment
 * (guide.txt, reference.md) but run fast; tests override what they exercise.
 */

export interface SubjectOptions {
	/** Checksum-valid NIP; the token below authenticates in this NIP's context. */
	nip: string;
	/** A KSeF token; real ones contain `|`, so the defaults do too. */
	token: string;
	attachmentAllowed?: boolean;
	/** Certificate identifiers (`Pesel:…`, `Nip:…`, `Fingerprint:…`) granted permissions in this context. */
	certificateHolders?: string[];
}

/** Which requests a fault applies to. Path is the OpenAPI template (e.g. `/sessions/online/{referenceNumber}/invoices`) or `upload`. */
export interface FaultMatch {
	method?: string;
	path?: string;
}

export type FaultKind =
	| { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfterSeconds?: number }
	| { kind: 'reset' }
	| { kind: 'slow'; delayMs: number }
	/** The handler runs (KSeF did the work, e.g. registered the invoice or closed the session), then the connection drops. */
	| { kind: 'lostAnswer' }
	/** The handler runs, then a 5xx replaces its answer (a gateway failing after the backend did the work). */
	| { kind: 'statusAfter'; status: 500 | 502 | 503 };

export interface FaultRule {
	match: FaultMatch;
	fault: FaultKind;
	/** Apply to the first `times` matching requests (after `skip`), or to each with `probability` (seeded). */
	times?: number;
	skip?: number;
	probability?: number;
}

export interface SimulatorOptions {
	host: string;
	/** 0 = any free port. */
	port: number;
	/** When set, state is loaded from and saved to this directory, so a restart keeps sessions and invoices. */
	stateDir?: string;
	subjects: SubjectOptions[];
	/** Seed for every random choice that must be reproducible (fault probabilities, processing order). */
	seed: number;
	delays: {
		/** How long GET /auth/{ref} answers 100 before 200. */
		authPendingMs: number;
		/** Time an online invoice stays at 100 before processing starts (150). */
		invoiceAcceptedMs: number;
		/** Time an invoice spends at 150 before its final code. */
		invoiceProcessingMs: number;
		/** Extra time at 150 (the guide's "prolonged 150" on TEST); applies to online and batch invoices. */
		prolonged150Ms: number;
		/** Time after close before a session reaches 200 and its UPO exists. */
		sessionUpoMs: number;
		/** How long an invoice export answers 100 before its package is ready (200). */
		exportProcessingMs: number;
		/** permanentStorageHwmDate trails the clock by this much: newer storage dates are not yet guaranteed complete. */
		permanentStorageHwmLagMs: number;
		/** The session invoice list (GET /sessions/{ref}/invoices) shows an invoice only this long after it was taken in; the per-invoice status shows it at once. */
		sessionInvoiceListLagMs: number;
	};
	tokens: {
		challengeTtlMs: number;
		authenticationTokenTtlMs: number;
		accessTokenTtlMs: number;
		refreshTokenTtlMs: number;
		/** Access tokens stop working this long before the `validUntil` KSeF announced for them (401 meanwhile). */
		accessTokenEarlyExpiryMs: number;
	};
	limits: {
		maxInvoiceSizeBytes: number;
		maxInvoiceWithAttachmentSizeBytes: number;
		maxPartSizeBytes: number;
		maxParts: number;
		/** openapi.json BatchFileInfo.fileSize maximum. */
		maxBatchFileSizeBytes: number;
		/** Per online or batch session, reported by /limits/context (limity/limity.md: 10 000 by default). */
		maxInvoicesPerSession: number;
		/** A batch session not closed within this time is cancelled with 440. */
		unclosedBatchTimeoutMs: number;
		onlineSessionTtlMs: number;
		/** KSeF's technical cap on records per filter set, for metadata queries and export packages (isTruncated). */
		maxQueryResults: number;
		/** Export packages are cut into parts of at most this many bytes before encryption (KSeF: 50 MB). */
		exportPartSizeBytes: number;
		/** Exports still in progress per context before 21182. */
		maxConcurrentExports: number;
		/** Invoices listed on one page of a session UPO (KSeF: 10,000). */
		upoDocumentsPerPage: number;
	};
	/** Per-group request limits like KSeF's sliding windows; `enabled: false` turns them off. */
	rateLimits: {
		enabled: boolean;
		/**
		 * Multiplies the PRD defaults. 1 by default: since API 2.5.0 (api-changelog.md, TEST 06.05.2026) TEST's
		 * default limits equal PRD's; 10 gives TEST's earlier limits (limity/limity-api.md still says ten times).
		 */
		multiplier: number;
		overrides: Partial<Record<RateLimitGroup, RateLimitValues>>;
	};
	faults: FaultRule[];
	/** Online invoices whose processing ends in 550 (operation cancelled by system), counted from the start. */
	processingCancellations: number;
	/** Batch invoices whose processing ends in 550, counted from the start. */
	batchCancellations: number;
	/** KSeF rotates its public keys: before answering the request with this 1-based API request number, new keys replace the old ones (which become unknown, 21470). */
	keyRotationAtRequest?: number;
	/** Validate each invoice against the FA(3) XSD. Off only for load runs (`--no-xsd`). */
	validateXsd: boolean;
	/** Check every JSON response against openapi.json and record violations (tests read them). */
	validateResponses: boolean;
	/**
	 * `X-System-Warning` on every API response, as KSeF 2.6 sends when it detects something it may refuse in future.
	 * Independently, a request carrying `X-Test-System-Warning` gets that text back as the warning, as on TEST.
	 */
	systemWarning?: string;
	/** Optional sink for human-readable log lines. */
	log?: (line: string) => void;
}

/** The groups KSeF reports in GET /rate-limits and TEST changes through /testdata/rate-limits. */
export type ApiRateLimitGroup =
	| 'onlineSession'
	| 'batchSession'
	| 'invoiceSend'
	| 'invoiceStatus'
	| 'sessionList'
	| 'sessionInvoiceList'
	| 'sessionMisc'
	| 'invoiceMetadata'
	| 'invoiceExport'
	| 'invoiceExportStatus'
	| 'invoiceDownload'
	| 'collectiveIdentifier'
	| 'other';

/**
 * Plus the sign-in endpoints (challenge, ksef-token, xades-signature, status, redeem, refresh), which KSeF limits
 * on their own, 60 a second per IP and nothing per minute or hour (their `x-rate-limits` in openapi.json).
 */
export type RateLimitGroup = ApiRateLimitGroup | 'authentication';

export interface RateLimitValues {
	perSecond: number;
	perMinute: number;
	perHour: number;
}

export const DEFAULT_TOKEN = '20260101-EC-0A1B2C3D4E-5F6A7B8C9D-1E|nip-9999999999|4f7c2a9be1d04c3fa6b0e58d2c71f93a';

export function defaultOptions(): SimulatorOptions {
	return {
		host: '127.0.0.1',
		port: 0,
		subjects: [
			{ nip: '9999999999', token: DEFAULT_TOKEN, attachmentAllowed: false },
			{
				nip: '5265877635',
				token: '20260101-EC-1122334455-66778899AA-2B|nip-5265877635|9d0e4a1f6b2c48e7a3d5f0b1c2e3d4f5',
				attachmentAllowed: true,
			},
		],
		seed: 1,
		delays: {
			authPendingMs: 150,
			invoiceAcceptedMs: 50,
			invoiceProcessingMs: 150,
			prolonged150Ms: 0,
			sessionUpoMs: 200,
			exportProcessingMs: 300,
			permanentStorageHwmLagMs: 500,
			sessionInvoiceListLagMs: 0,
		},
		tokens: {
			challengeTtlMs: 10 * 60_000,
			authenticationTokenTtlMs: 15 * 60_000,
			accessTokenTtlMs: 15 * 60_000,
			refreshTokenTtlMs: 7 * 24 * 3_600_000,
			accessTokenEarlyExpiryMs: 0,
		},
		limits: {
			maxInvoiceSizeBytes: 1_048_576,
			maxInvoiceWithAttachmentSizeBytes: 3_145_728,
			maxPartSizeBytes: 104_857_600,
			maxParts: 50,
			maxBatchFileSizeBytes: 5_000_000_000,
			maxInvoicesPerSession: 10_000,
			unclosedBatchTimeoutMs: 12 * 3_600_000,
			onlineSessionTtlMs: 12 * 3_600_000,
			maxQueryResults: 10_000,
			exportPartSizeBytes: 52_428_800,
			maxConcurrentExports: 10,
			upoDocumentsPerPage: 10_000,
		},
		rateLimits: { enabled: true, multiplier: 1, overrides: {} },
		faults: [],
		processingCancellations: 0,
		batchCancellations: 0,
		validateXsd: true,
		validateResponses: false,
	};
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
export type SimulatorOverrides = DeepPartial<SimulatorOptions>;

export function resolveOptions(overrides: SimulatorOverrides = {}): SimulatorOptions {
	const base = defaultOptions();
	return {
		...base,
		...(overrides as Partial<SimulatorOptions>),
		delays: { ...base.delays, ...overrides.delays },
		tokens: { ...base.tokens, ...overrides.tokens },
		limits: { ...base.limits, ...overrides.limits },
		rateLimits: {
			...base.rateLimits,
			...overrides.rateLimits,
			overrides: { ...base.rateLimits.overrides, ...(overrides.rateLimits?.overrides as SimulatorOptions['rateLimits']['overrides']) },
		},
	};
}
