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
	/** Page size for continuation-token lists (KSeF allows 10..1000). */
	sessionInvoicePageSize: 1000,
} as const;

/** The FA(3) structure, as KSeF's formCode names it (note the space in "FA (3)"). */
export const FA3_FORM_CODE = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' } as const;
