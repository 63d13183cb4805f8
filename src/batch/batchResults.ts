import type { InvoiceStatusInfo, SessionInvoiceStatusResponse, SessionStatusResponse } from '../api/schemas';
import { outcomeFromStatus, type InvoiceOutcome } from '../sessions/invoiceOutcome';
import type { BatchInvoice } from './batchPlan';

/**
 * KSeF processes a batch non-atomically and lists results in any order. Each result, as its page arrives, finds
 * its input by the file name in the ZIP, or failing that by the invoice hash, and is reduced to its outcome at
 * once, so a 100,000-invoice batch never holds KSeF's full result list. An input KSeF says nothing about gets the
 * session's own status (e.g. the package failed to decrypt) or, while the session is still running, "pending".
 */
export class BatchResultMapper {
	private readonly byName = new Map<string, BatchInvoice>();
	private readonly byHash = new Map<string, BatchInvoice[]>();
	private readonly outcomes = new Map<number, InvoiceOutcome>();
	/** Thousands of invoices share "200 Sukces"; one object serves them all. */
	private readonly statuses = new Map<string, InvoiceStatusInfo>();

	constructor(
		private readonly sessionReferenceNumber: string,
		private readonly invoices: BatchInvoice[],
	) {
		for (const invoice of invoices) {
			this.byName.set(invoice.fileName, invoice);
			const sameHash = this.byHash.get(invoice.invoiceHash);
			if (sameHash) sameHash.push(invoice);
			else this.byHash.set(invoice.invoiceHash, [invoice]);
		}
	}

	add(result: SessionInvoiceStatusResponse): void {
		const named = result.invoiceFileName ? this.byName.get(result.invoiceFileName) : undefined;
		const invoice = named ?? this.byHash.get(result.invoiceHash)?.find((candidate) => !this.outcomes.has(candidate.index));
		if (!invoice || this.outcomes.has(invoice.index)) return;
		const outcome = outcomeFromStatus(invoice.index, this.sessionReferenceNumber, { ...result, status: this.intern(result.status) });
		this.outcomes.set(invoice.index, { ...outcome, invoiceHash: invoice.invoiceHash });
	}

	/** `problem`: why the results could not all be read (the unlisted invoices are then pending with it). */
	finish(session: SessionStatusResponse | undefined, problem?: string): InvoiceOutcome[] {
		const sessionFailed = session !== undefined && session.status.code > 200;
		return this.invoices.map(
			(invoice) =>
				this.outcomes.get(invoice.index) ?? {
					index: invoice.index,
					outcome: sessionFailed ? 'rejected' : 'pending',
					sessionReferenceNumber: this.sessionReferenceNumber,
					invoiceHash: invoice.invoiceHash,
					status: sessionFailed ? session.status : undefined,
					problem: sessionFailed ? undefined : problem,
				},
		);
	}

	private intern(status: InvoiceStatusInfo): InvoiceStatusInfo {
		if (status.details?.length || status.extensions) return status;
		const key = `${status.code}|${status.description}`;
		const shared = this.statuses.get(key);
		if (shared) return shared;
		this.statuses.set(key, status);
		return status;
	}
}
