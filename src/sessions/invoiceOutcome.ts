import type { InvoiceStatusInfo, SessionInvoiceStatusResponse } from '../api/schemas';

/**
 * What became of one invoice, in the words a workflow branches on:
 * accepted (has a KSeF number), duplicate (already had one: see originalKsefNumber), rejected (KSeF refused it),
 * pending (KSeF may hold it but its final state is not known yet: still 100/150 when the wait ended, or its state
 * could not be read; check later with the references), failed (KSeF holds nothing of it: never sent, or the
 * request was refused outright). An invoice KSeF may hold is never `failed`.
 */
export type InvoiceOutcomeKind = 'accepted' | 'duplicate' | 'rejected' | 'pending' | 'failed';

export interface InvoiceOutcome {
	/** Position of the invoice in the input. */
	index: number;
	outcome: InvoiceOutcomeKind;
	sessionReferenceNumber?: string;
	invoiceReferenceNumber?: string;
	invoiceHash?: string;
	ksefNumber?: string;
	invoiceNumber?: string;
	status?: InvoiceStatusInfo;
	acquisitionDate?: string;
	permanentStorageDate?: string;
	/** For duplicates (440): the KSeF number the invoice got the first time. */
	originalKsefNumber?: string;
	originalSessionReferenceNumber?: string;
	upo?: Buffer;
	/** Why a `failed` invoice failed (KSeF holds nothing of it). */
	error?: Error;
	/** For a `pending` invoice whose state could not be read in time: what went wrong (finish with Check Status). */
	problem?: string;
	/** Something the workflow should know that does not change the outcome, e.g. the session could not be closed. */
	warning?: string;
}

export const PROCESSING_CODES = new Set([100, 150]);
export const CANCELLED_BY_SYSTEM = 550;
export const DUPLICATE = 440;

export function outcomeFromStatus(
	index: number,
	sessionReferenceNumber: string,
	invoice: SessionInvoiceStatusResponse,
): InvoiceOutcome {
	const { status } = invoice;
	const extensions = status.extensions ?? {};
	const originalKsefNumber = extensions.originalKsefNumber ?? undefined;
	let outcome: InvoiceOutcomeKind = 'rejected';
	if (status.code === 200) outcome = 'accepted';
	else if (PROCESSING_CODES.has(status.code)) outcome = 'pending';
	else if (status.code === DUPLICATE && originalKsefNumber) outcome = 'duplicate';
	return {
		index,
		outcome,
		sessionReferenceNumber,
		invoiceReferenceNumber: invoice.referenceNumber,
		invoiceHash: invoice.invoiceHash,
		ksefNumber: invoice.ksefNumber ?? undefined,
		invoiceNumber: invoice.invoiceNumber ?? undefined,
		status,
		acquisitionDate: invoice.acquisitionDate ?? undefined,
		permanentStorageDate: invoice.permanentStorageDate ?? undefined,
		originalKsefNumber,
		originalSessionReferenceNumber: extensions.originalSessionReferenceNumber ?? undefined,
	};
}
