/**
 * Timings and limits the client uses unless told otherwise. KSeF's own limits come from guide.txt and the
 * official docs; the waits are chosen for TEST, where processing sometimes takes minutes.
 */
export const DEFAULTS = {
	requestTimeoutMs: 60_000,
	/** Renew the access token this long before KSeF says it expires, so a request never races the expiry. */
	accessTokenRenewMarginMs: 60_000,
	authPoll: { initialDelayMs: 250, maxDelayMs: 2_000, maxWaitMs: 120_000 },
	invoicePoll: { initialDelayMs: 500, maxDelayMs: 5_000 },
	retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 120_000 },
	/** 550 means KSeF cancelled the operation on its side and asks for it to be redone. */
	cancelledOperationRedos: 2,
	maxInvoiceSizeBytes: 1024 * 1024,
	maxInvoiceWithAttachmentSizeBytes: 3 * 1024 * 1024,
	sendConcurrency: 4,
	/**
	 * After a send's answer is lost, the session's invoice list is read again after these pauses before the
	 * invoice is sent again: the list can lag behind the send (a resend then gets 440, which is resolved too).
	 */
	lostAnswerLookupDelaysMs: [500, 1_000, 2_000, 4_000],
	/**
	 * Polling for at most this many invoices uses the per-invoice status; more use the session's invoice list.
	 * On PRD the list allows 200 calls an hour, the per-invoice status 1,200 (reference.md §12): one list call
	 * is worth six status calls, and covers up to 1,000 invoices.
	 */
	perInvoiceStatusMaxInvoices: 6,
	/** Page size for continuation-token lists (KSeF allows 10..1000). */
	sessionInvoicePageSize: 1000,
} as const;

/** The FA(3) structure, as KSeF's formCode names it (note the space in "FA (3)"). */
export const FA3_FORM_CODE = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' } as const;
