/**
 * Pre-signed download links like KSeF's blob-storage URLs (UPO pages, invoice UPOs, export parts): no bearer
 * token, not rate-limited, valid until `se`, tamper-proof through `sig`. Anything else gets the storage's 403.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Reply, RequestContext } from '../router';
import type { Simulator } from '../simulator';

const secrets = new WeakMap<Simulator, Buffer>();

/** Kept in the state, so links handed out before a restart stay valid after it, as KSeF's do. */
function secretOf(sim: Simulator): Buffer {
	let secret = secrets.get(sim);
	if (!secret) {
		sim.state.storageSecret ??= randomBytes(32).toString('base64');
		secret = Buffer.from(sim.state.storageSecret, 'base64');
		secrets.set(sim, secret);
	}
	return secret;
}

function signature(sim: Simulator, path: string, expiresAtMs: number): string {
	return createHmac('sha256', secretOf(sim)).update(`${path}|${expiresAtMs}`).digest('base64url');
}

/** An absolute URL for `path` (outside /v2) that works without a token until `expiresAtMs`. */
export function signedUrl(sim: Simulator, path: string, expiresAtMs: number): string {
	return `${sim.origin}${path}?se=${expiresAtMs}&sig=${signature(sim, path, expiresAtMs)}`;
}

/**
 * Why a storage request is refused, or undefined when its signature holds and has not expired. Every pre-signed
 * link (upload, UPO, export part) refuses an Authorization header, as Azure does next to a SAS signature.
 */
export function storageRefusal(sim: Simulator, path: string, ctx: Pick<RequestContext, 'query' | 'headers'>): Reply | undefined {
	if (ctx.headers.authorization) {
		return storageError(400, 'InvalidAuthenticationInfo', 'Authentication information is not given in the correct format. Do not send an Authorization header with a SAS URL.');
	}
	const { query } = ctx;
	const expiresAtMs = Number(query.get('se'));
	const given = Buffer.from(query.get('sig') ?? '');
	const expected = Buffer.from(signature(sim, path, expiresAtMs));
	if (!Number.isFinite(expiresAtMs) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return storageError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
	}
	if (sim.now() > expiresAtMs) return storageError(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
	return undefined;
}

/** The blob storage's own error shape (XML), not the API's ExceptionResponse. */
export function storageError(status: number, code: string, message: string): Reply {
	return {
		status,
		contentType: 'application/xml',
		body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	};
}
