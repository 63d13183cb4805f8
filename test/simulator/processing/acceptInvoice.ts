/**
 * Taking an invoice into a session: it gets a reference number and status 100 at once; its final status comes
 * from verification. Used by online sends and by batch processing alike.
 */
import type { Simulator } from '../simulator';
import { INVOICE_PROCESSING, type InvoiceRecord, type SessionRecord } from '../state';
import { toWarsawIso } from '../reading/dates';
import { scheduleVerification } from './verification';

export interface IncomingInvoice {
	xml: Buffer;
	/** SHA-256 (Base64) of the plain XML. */
	invoiceHash: string;
	invoiceSize: number;
	fileName?: string;
	offlineMode: boolean;
	hashOfCorrectedInvoice?: string;
}

/** Until verification finishes the final moment is unknown; this keeps the invoice at 150 meanwhile. */
export const NOT_YET = Number.MAX_SAFE_INTEGER;

export function acceptInvoice(sim: Simulator, session: SessionRecord, incoming: IncomingInvoice): InvoiceRecord {
	const nowMs = sim.now();
	const invoice: InvoiceRecord = {
		referenceNumber: sim.nextReferenceNumber('EE'),
		sessionReferenceNumber: session.referenceNumber,
		ordinalNumber: session.invoiceReferenceNumbers.length + 1,
		invoiceHash: incoming.invoiceHash,
		invoiceSize: incoming.invoiceSize,
		invoiceFileName: incoming.fileName,
		invoicingMode: incoming.offlineMode ? 'Offline' : 'Online',
		status: { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' },
		acceptedAtMs: nowMs,
		processingAtMs: nowMs + sim.options.delays.invoiceAcceptedMs,
		finalAtMs: NOT_YET,
		finalStatus: INVOICE_PROCESSING,
		invoicingDate: toWarsawIso(nowMs),
		xml: incoming.xml.toString('base64'),
		hashOfCorrectedInvoice: incoming.hashOfCorrectedInvoice,
	};
	sim.state.invoices[invoice.referenceNumber] = invoice;
	session.invoiceReferenceNumbers.push(invoice.referenceNumber);
	session.dateUpdated = toWarsawIso(nowMs);
	// A session opened with a wrong IV length can never decrypt anything: on KSeF its invoices sit at 150
	// forever without an error (guide.txt, known issues). Such invoices are never verified here either.
	if (Buffer.from(session.iv, 'base64').length === 16) scheduleVerification(sim, session, invoice, incoming.xml.toString('utf8'));
	return invoice;
}
