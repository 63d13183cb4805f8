/**
 * Batch sessions: open with the package's description (size, hash, parts) and an encrypted AES key, upload
 * each encrypted part to its pre-signed URL, close; then the package is processed (batch/processPackage.ts).
 */
import type { components } from '../../../src/api/ksefApi';
import { badRequest } from '../errors';
import { processPackage } from '../batch/processPackage';
import { UPLOAD_TEMPLATE, uploadPart, uploadPath } from '../batch/uploadRoute';
import { decryptSessionKey, requireFa3 } from '../processing/sessionKeys';
import { toWarsawIso } from '../reading/dates';
import { requireSession } from '../reading/sessionView';
import { signedUrl } from '../reading/storageLinks';
import type { RequestContext } from '../router';
import type { Simulator } from '../simulator';
import type { SessionRecord } from '../state';

type OpenBatchSessionRequest = components['schemas']['OpenBatchSessionRequest'];

export function registerBatchRoutes(sim: Simulator): void {
	sim.router.add('POST', '/sessions/batch', (ctx) => openSession(sim, ctx), { rateLimitGroup: 'batchSession' });
	sim.router.add('POST', '/sessions/batch/{referenceNumber}/close', (ctx) => closeSession(sim, ctx), { rateLimitGroup: 'batchSession' });
	sim.router.add('PUT', UPLOAD_TEMPLATE, (ctx) => uploadPart(sim, ctx), { external: true, streamBody: true });
	resumeUnfinished(sim);
}

function openSession(sim: Simulator, ctx: RequestContext) {
	const caller = sim.requireAccess(ctx);
	const body = ctx.json as OpenBatchSessionRequest;
	const formCode = requireFa3(body.formCode);
	const { limits } = sim.options;
	const parts = body.batchFile.fileParts;
	if (parts.length > limits.maxParts) {
		throw badRequest(21161, 'Przekroczono dozwoloną liczbę części pakietu.', [`Zadeklarowano ${parts.length} części, dozwolone ${limits.maxParts}.`]);
	}
	const ordinals = parts.map((part) => part.ordinalNumber).sort((a, b) => a - b);
	if (ordinals.some((ordinal, i) => ordinal !== i + 1)) {
		throw badRequest(21157, 'Nieprawidłowy rozmiar części pakietu.', ['Numery części muszą być kolejnymi liczbami od 1.']);
	}
	// The limit is on the part before encryption; PKCS#7 adds up to 16 bytes to it.
	const oversized = parts.find((part) => part.fileSize > limits.maxPartSizeBytes + 16);
	if (oversized) {
		throw badRequest(21157, 'Nieprawidłowy rozmiar części pakietu.', [`Część ${oversized.ordinalNumber} ma ${oversized.fileSize} B, dozwolone ${limits.maxPartSizeBytes} B.`]);
	}
	if (body.batchFile.fileSize > limits.maxBatchFileSizeBytes) {
		throw badRequest(21157, 'Nieprawidłowy rozmiar części pakietu.', [`Paczka ma ${body.batchFile.fileSize} B, dozwolone ${limits.maxBatchFileSizeBytes} B.`]);
	}
	const { aesKey, iv } = decryptSessionKey(sim, body.encryption);
	const nowMs = sim.now();
	const session: SessionRecord = {
		referenceNumber: sim.nextReferenceNumber('SB'),
		type: 'Batch',
		nip: caller.nip,
		formCode,
		aesKey,
		iv,
		offlineMode: body.offlineMode,
		status: { code: 100, description: 'Sesja wsadowa rozpoczęta' },
		dateCreated: toWarsawIso(nowMs),
		dateUpdated: toWarsawIso(nowMs),
		validUntil: toWarsawIso(nowMs + limits.unclosedBatchTimeoutMs),
		closed: false,
		batchFile: {
			fileSize: body.batchFile.fileSize,
			fileHash: body.batchFile.fileHash,
			compressionType: body.batchFile.compressionType ?? undefined,
			parts: parts.map((part) => ({ ordinalNumber: part.ordinalNumber, fileSize: part.fileSize, fileHash: part.fileHash, uploaded: false })),
		},
		invoiceReferenceNumbers: [],
		upoReferenceNumbers: [],
	};
	sim.state.sessions[session.referenceNumber] = session;
	const linkValidUntil = nowMs + limits.unclosedBatchTimeoutMs;
	return {
		status: 201,
		json: {
			referenceNumber: session.referenceNumber,
			partUploadRequests: parts.map((part) => ({
				ordinalNumber: part.ordinalNumber,
				method: 'PUT',
				url: signedUrl(sim, uploadPath(session.referenceNumber, part.ordinalNumber), linkValidUntil),
				headers: { 'x-ms-blob-type': 'BlockBlob' },
			})),
		},
	};
}

function closeSession(sim: Simulator, ctx: RequestContext) {
	const caller = sim.requireAccess(ctx);
	const session = requireSession(sim, ctx.params.referenceNumber, caller.nip);
	if (session.type === 'Batch' && session.status.code === 440 && !session.closed) {
		throw badRequest(21208, 'Czas oczekiwania na requesty upload lub finish został przekroczony.', ['Sesja anulowana, przekroczony czas wysyłki.']);
	}
	if (session.type !== 'Batch' || session.closed || session.status.code !== 100) {
		throw badRequest(21180, 'Status sesji nie pozwala na wykonanie operacji.', [`Status sesji ${session.status.code} uniemożliwia jej zamknięcie.`]);
	}
	const missing = session.batchFile?.parts.filter((part) => !part.uploaded) ?? [];
	if (missing.length > 0) {
		throw badRequest(21205, 'Pakiet nie może być pusty.', missing.map((part) => `Nie przesłano zadeklarowanej '${part.ordinalNumber}' części pliku.`));
	}
	session.closed = true;
	session.closedAtMs = sim.now();
	session.dateUpdated = toWarsawIso(session.closedAtMs);
	sim.schedule(0, () => processPackage(sim, session));
	return { status: 204 };
}

/** After a restart with --state, packages that were closed but not yet processed are picked up again. */
function resumeUnfinished(sim: Simulator): void {
	for (const session of Object.values(sim.state.sessions)) {
		if (session.type === 'Batch' && session.closed && session.processingDoneAtMs === undefined) sim.schedule(0, () => processPackage(sim, session));
	}
}
