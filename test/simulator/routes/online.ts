/**
 * Online (interactive) sessions: open with an encrypted AES key, send invoices one request each (sizes and
 * hashes checked, content decrypted), close. Verification and the KSeF number come asynchronously, through
 * the invoice status (processing/).
 */
import { createDecipheriv, createHash } from 'node:crypto';
import type { components } from '../../../src/api/ksefApi';
import { badRequest } from '../errors';
import { acceptInvoice } from '../processing/acceptInvoice';
import { decryptSessionKey, requireFa3 } from '../processing/sessionKeys';
import { toWarsawIso } from '../reading/dates';
import { requireSession } from '../reading/sessionView';
import type { RequestContext } from '../router';
import { contextLimits } from './info';
import type { Simulator } from '../simulator';
import type { SessionRecord } from '../state';
import { attachmentAllowed } from '../processing/verification';

type OpenOnlineSessionRequest = components['schemas']['OpenOnlineSessionRequest'];
type SendInvoiceRequest = components['schemas']['SendInvoiceRequest'];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

export function registerOnlineRoutes(sim: Simulator): void {
	sim.router.add('POST', '/sessions/online', (ctx) => openSession(sim, ctx), { rateLimitGroup: 'onlineSession' });
	sim.router.add('POST', '/sessions/online/{referenceNumber}/invoices', (ctx) => sendInvoice(sim, ctx), { rateLimitGroup: 'invoiceSend' });
	sim.router.add('POST', '/sessions/online/{referenceNumber}/close', (ctx) => closeSession(sim, ctx), { rateLimitGroup: 'onlineSession' });
}

function openSession(sim: Simulator, ctx: RequestContext) {
	const caller = sim.requireAccess(ctx);
	const body = ctx.json as OpenOnlineSessionRequest;
	const formCode = requireFa3(body.formCode);
	const { aesKey, iv } = decryptSessionKey(sim, body.encryption);
	const nowMs = sim.now();
	const session: SessionRecord = {
		referenceNumber: sim.nextReferenceNumber('SO'),
		type: 'Online',
		nip: caller.nip,
		formCode,
		aesKey,
		iv,
		offlineMode: false,
		status: { code: 100, description: 'Sesja interaktywna otwarta' },
		dateCreated: toWarsawIso(nowMs),
		dateUpdated: toWarsawIso(nowMs),
		validUntil: toWarsawIso(nowMs + sim.options.limits.onlineSessionTtlMs),
		closed: false,
		invoiceReferenceNumbers: [],
		upoReferenceNumbers: [],
	};
	sim.state.sessions[session.referenceNumber] = session;
	return { status: 201, json: { referenceNumber: session.referenceNumber, validUntil: session.validUntil } };
}

/** The caller's online session, still open; `operation` names what its status prevents (sending, closing). */
function openOnlineSession(sim: Simulator, ctx: RequestContext, operation = 'wysyłkę faktur'): SessionRecord {
	const caller = sim.requireAccess(ctx);
	const session = requireSession(sim, ctx.params.referenceNumber, caller.nip);
	if (session.type !== 'Online' || session.closed || session.status.code !== 100) {
		throw badRequest(21180, 'Status sesji nie pozwala na wykonanie operacji.', [`Status sesji ${session.status.code} uniemożliwia ${operation}.`]);
	}
	return session;
}

function sendInvoice(sim: Simulator, ctx: RequestContext) {
	const session = openOnlineSession(sim, ctx);
	const body = ctx.json as SendInvoiceRequest;
	// The context's limit, so /testdata/limits/context/session lowers it as on TEST.
	const maxInvoices = contextLimits(sim, session.nip).onlineSession.maxInvoices;
	if (session.invoiceReferenceNumbers.length >= maxInvoices) {
		throw badRequest(21155, 'Przekroczono dozwoloną liczbę faktur w sesji.', [
			`Sesja o numerze referencyjnym ${session.referenceNumber} osiągnęła dozwolony limit liczby faktur ${maxInvoices}.`,
		]);
	}
	const encrypted = Buffer.from(body.encryptedInvoiceContent, 'base64');
	if (encrypted.length !== body.encryptedInvoiceSize) {
		throw badRequest(21402, 'Nieprawidłowy rozmiar pliku.', [`Zadeklarowano ${body.encryptedInvoiceSize} B zaszyfrowanej faktury, otrzymano ${encrypted.length} B.`]);
	}
	if (sha256(encrypted) !== body.encryptedInvoiceHash) throw badRequest(21403, 'Nieprawidłowy skrót pliku.', ['encryptedInvoiceHash nie zgadza się z treścią.']);

	const iv = Buffer.from(session.iv, 'base64');
	let plain: Buffer;
	if (iv.length !== 16) {
		// Nothing can be decrypted; KSeF takes the invoice anyway and it never leaves 150 (see acceptInvoice).
		plain = Buffer.alloc(0);
	} else {
		try {
			const decipher = createDecipheriv('aes-256-cbc', Buffer.from(session.aesKey, 'base64'), iv);
			plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
		} catch {
			throw badRequest(21405, 'Błąd walidacji danych wejściowych.', ['Nie udało się odszyfrować faktury (AES-256-CBC, PKCS#7) kluczem sesji.']);
		}
		if (plain.length !== body.invoiceSize) {
			throw badRequest(21402, 'Nieprawidłowy rozmiar pliku.', [`Zadeklarowano ${body.invoiceSize} B faktury, po odszyfrowaniu ${plain.length} B.`]);
		}
		if (sha256(plain) !== body.invoiceHash) throw badRequest(21403, 'Nieprawidłowy skrót pliku.', ['invoiceHash nie zgadza się z odszyfrowaną fakturą.']);
		const hasAttachment = plain.includes('Zalacznik');
		const limit = hasAttachment && attachmentAllowed(sim, session.nip) ? sim.options.limits.maxInvoiceWithAttachmentSizeBytes : sim.options.limits.maxInvoiceSizeBytes;
		if (plain.length > limit) {
			throw badRequest(21402, 'Nieprawidłowy rozmiar pliku.', [`Faktura ma ${plain.length} B, dopuszczalny rozmiar to ${limit} B.`]);
		}
	}
	const invoice = acceptInvoice(sim, session, {
		xml: plain,
		invoiceHash: body.invoiceHash,
		invoiceSize: body.invoiceSize,
		offlineMode: body.offlineMode,
		hashOfCorrectedInvoice: body.hashOfCorrectedInvoice ?? undefined,
	});
	return { status: 202, json: { referenceNumber: invoice.referenceNumber } };
}

function closeSession(sim: Simulator, ctx: RequestContext) {
	const session = openOnlineSession(sim, ctx, 'zamknięcie sesji');
	session.closed = true;
	session.closedAtMs = sim.now();
	session.dateUpdated = toWarsawIso(session.closedAtMs);
	return { status: 204 };
}
