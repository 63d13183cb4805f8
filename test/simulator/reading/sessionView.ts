/**
 * What the status routes show for sessions and their invoices: SessionStatusResponse, SessionsQueryResponseItem
 * and SessionInvoiceStatusResponse, derived from the stored records at the current time.
 */
import { badRequest } from '../errors';
import type { Simulator } from '../simulator';
import { invoiceAt, type InvoiceRecord, type SessionRecord, type StatusInfo } from '../state';
import { toWarsawIso } from './dates';
import { signedUrl } from './storageLinks';
import { upoPageReferences } from './upo';
import { refreshSessionStatus } from '../processing/sessionStatus';

/** KSeF's storage links for UPOs live for a few days (the spec's example: three). */
const UPO_LINK_TTL_MS = 3 * 24 * 3_600_000;

export type CommonSessionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled';

/** The session brought up to date; every reading route gets its sessions through here. */
export function currentSession(sim: Simulator, session: SessionRecord): SessionRecord {
	return refreshSessionStatus(sim, session);
}

/** The caller's session, or 21173 (KSeF answers the same for another context's session as for none). */
export function requireSession(sim: Simulator, referenceNumber: string, nip: string): SessionRecord {
	const session = sim.state.sessions[referenceNumber];
	if (!session || session.nip !== nip) {
		throw badRequest(21173, 'Brak sesji o wskazanym numerze referencyjnym.', [
			`Sesja o numerze referencyjnym ${referenceNumber} nie została znaleziona.`,
		]);
	}
	return currentSession(sim, session);
}

export function commonStatusOf(status: StatusInfo): CommonSessionStatus {
	if (status.code < 200) return 'InProgress';
	if (status.code === 200) return 'Succeeded';
	if (status.code === 440) return 'Cancelled';
	return 'Failed';
}

function plainStatus(status: StatusInfo): StatusInfo {
	const plain: StatusInfo = { code: status.code, description: status.description };
	if (status.details && status.details.length > 0) plain.details = status.details;
	return plain;
}

/** The session's invoices as KSeF shows them now, in send order. */
export function sessionInvoicesNow(sim: Simulator, session: SessionRecord, nowMs: number): InvoiceRecord[] {
	return session.invoiceReferenceNumbers
		.map((ref) => sim.state.invoices[ref])
		.filter((invoice): invoice is InvoiceRecord => invoice !== undefined)
		.map((invoice) => invoiceAt(invoice, nowMs));
}

function counts(invoices: InvoiceRecord[]) {
	return {
		total: invoices.length,
		successful: invoices.filter((i) => i.status.code === 200).length,
		failed: invoices.filter((i) => i.status.code >= 400).length,
	};
}

/** Last activity: the stored date, or a later invoice status change that has happened by now. */
export function lastActivityMs(session: SessionRecord, invoices: InvoiceRecord[], nowMs: number): number {
	let latest = Date.parse(session.dateUpdated);
	for (const invoice of invoices) {
		for (const t of [invoice.acceptedAtMs, invoice.processingAtMs, invoice.finalAtMs]) {
			if (t <= nowMs && t > latest) latest = t;
		}
	}
	return latest;
}

export function sessionStatusBody(sim: Simulator, session: SessionRecord, nowMs: number) {
	const invoices = sessionInvoicesNow(sim, session, nowMs);
	const { total, successful, failed } = counts(invoices);
	const pages = upoPageReferences(sim, session, nowMs);
	const expiresAtMs = nowMs + UPO_LINK_TTL_MS;
	return {
		status: plainStatus(session.status),
		dateCreated: session.dateCreated,
		dateUpdated: toWarsawIso(lastActivityMs(session, invoices, nowMs)),
		validUntil: session.validUntil,
		...(pages.length > 0
			? {
					upo: {
						pages: pages.map((upoRef) => ({
							referenceNumber: upoRef,
							downloadUrl: signedUrl(sim, `/storage/upo/${session.referenceNumber}/${upoRef}`, expiresAtMs),
							downloadUrlExpirationDate: toWarsawIso(expiresAtMs),
						})),
					},
				}
			: {}),
		invoiceCount: total,
		successfulInvoiceCount: successful,
		failedInvoiceCount: failed,
	};
}

export function sessionListItem(sim: Simulator, session: SessionRecord, nowMs: number) {
	const invoices = sessionInvoicesNow(sim, session, nowMs);
	const { total, successful, failed } = counts(invoices);
	return {
		referenceNumber: session.referenceNumber,
		status: plainStatus(session.status),
		dateCreated: session.dateCreated,
		dateUpdated: toWarsawIso(lastActivityMs(session, invoices, nowMs)),
		validUntil: session.validUntil,
		totalInvoiceCount: total,
		successfulInvoiceCount: successful,
		failedInvoiceCount: failed,
	};
}

/** SessionInvoiceStatusResponse for an invoice already brought to `nowMs` with invoiceAt. */
export function invoiceStatusBody(sim: Simulator, session: SessionRecord, invoice: InvoiceRecord, nowMs: number) {
	const accepted = invoice.status.code === 200 && invoice.ksefNumber !== undefined;
	const stored = invoice.permanentStorageDate !== undefined && Date.parse(invoice.permanentStorageDate) <= nowMs;
	const expiresAtMs = nowMs + UPO_LINK_TTL_MS;
	const status: StatusInfo = { code: invoice.status.code, description: invoice.status.description };
	if (invoice.status.details && invoice.status.details.length > 0) status.details = invoice.status.details;
	if (invoice.status.extensions) status.extensions = invoice.status.extensions;
	return {
		ordinalNumber: invoice.ordinalNumber,
		...(invoice.invoiceNumber !== undefined ? { invoiceNumber: invoice.invoiceNumber } : {}),
		...(accepted ? { ksefNumber: invoice.ksefNumber } : {}),
		referenceNumber: invoice.referenceNumber,
		invoiceHash: invoice.invoiceHash,
		...(invoice.invoiceFileName !== undefined ? { invoiceFileName: invoice.invoiceFileName } : {}),
		...(invoice.acquisitionDate !== undefined ? { acquisitionDate: invoice.acquisitionDate } : {}),
		invoicingDate: invoice.invoicingDate,
		...(stored ? { permanentStorageDate: invoice.permanentStorageDate } : {}),
		...(accepted
			? {
					upoDownloadUrl: signedUrl(sim, `/storage/upo/${session.referenceNumber}/invoice/${invoice.referenceNumber}`, expiresAtMs),
					upoDownloadUrlExpirationDate: toWarsawIso(expiresAtMs),
				}
			: {}),
		invoicingMode: invoice.invoicingMode,
		status,
	};
}
