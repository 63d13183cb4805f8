/**
 * Token authentication, as KSeF runs it: challenge → encrypted `token|timestampMs` → an operation that answers
 * 100 and then its result → redeem (once) → access and refresh tokens → refresh. Also the list and revocation
 * of authentication sessions, which is how a refresh token becomes revoked (then refresh answers 400/21301).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { components } from '../../../src/api/ksefApi';
import { badRequest, unauthorized } from '../errors';
import type { RequestContext } from '../router';
import type { Simulator } from '../simulator';
import type { AuthOperationRecord, StatusInfo } from '../state';

type InitTokenAuthenticationRequest = components['schemas']['InitTokenAuthenticationRequest'];
type AuthenticationListItem = components['schemas']['AuthenticationListItem'];

const AUTH_OK: StatusInfo = { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' };
const AUTH_PENDING: StatusInfo = { code: 100, description: 'Uwierzytelnianie w toku' };
const WRONG_TOKEN: StatusInfo = {
	code: 450,
	description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu',
	details: ['Nieprawidłowy token KSeF lub token nieaktywny.'],
};
const NO_RIGHTS: StatusInfo = {
	code: 415,
	description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu braku przypisanych uprawnień',
	details: ['Token nie uprawnia do działania w kontekście podanego identyfikatora.'],
};

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export function registerAuthRoutes(sim: Simulator): void {
	sim.router.add('POST', '/auth/challenge', () => createChallenge(sim), { rateLimitGroup: 'other' });
	sim.router.add('POST', '/auth/ksef-token', (ctx) => startTokenAuthentication(sim, ctx), { rateLimitGroup: 'other' });
	sim.router.add('GET', '/auth/{referenceNumber}', (ctx) => authenticationStatus(sim, ctx), { rateLimitGroup: 'other' });
	sim.router.add('POST', '/auth/token/redeem', (ctx) => redeem(sim, ctx), { rateLimitGroup: 'other' });
	sim.router.add('POST', '/auth/token/refresh', (ctx) => refresh(sim, ctx), { rateLimitGroup: 'other' });
	sim.router.add('GET', '/auth/sessions', (ctx) => listAuthSessions(sim, ctx), { rateLimitGroup: 'other' });
	sim.router.add('DELETE', '/auth/sessions/current', (ctx) => revokeAuthSession(sim, ctx, sim.requireAccess(ctx).authReferenceNumber), {
		rateLimitGroup: 'other',
	});
	sim.router.add('DELETE', '/auth/sessions/{referenceNumber}', (ctx) => revokeAuthSession(sim, ctx, ctx.params.referenceNumber), {
		rateLimitGroup: 'other',
	});
}

function createChallenge(sim: Simulator) {
	const nowMs = sim.now();
	const date = iso(nowMs).slice(0, 10).replace(/-/g, '');
	const challenge = `${date}-CR-${randomBytes(13).toString('hex').toUpperCase()}`.slice(0, 36);
	sim.state.challenges[challenge] = { challenge, timestampMs: nowMs, expiresAtMs: nowMs + sim.options.tokens.challengeTtlMs, used: false };
	return { status: 200, json: { challenge, timestamp: iso(nowMs), timestampMs: nowMs, clientIp: '127.0.0.1' } };
}

function startTokenAuthentication(sim: Simulator, ctx: RequestContext) {
	const body = ctx.json as InitTokenAuthenticationRequest;
	const nowMs = sim.now();
	const challenge = sim.state.challenges[body.challenge];
	if (!challenge || challenge.used || challenge.expiresAtMs <= nowMs) {
		throw badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.');
	}
	challenge.used = true;
	if (body.publicKeyId && body.publicKeyId !== sim.keys.publicKeyIdOf('KsefTokenEncryption')) {
		throw badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [
			`Klucz o identyfikatorze ${body.publicKeyId} nie jest wspierany.`,
		]);
	}
	let plain: string;
	try {
		plain = sim.keys.decrypt('KsefTokenEncryption', Buffer.from(body.encryptedToken, 'base64')).toString('utf8');
	} catch {
		throw badRequest(21405, 'Błąd walidacji danych wejściowych.', ['Nie udało się odszyfrować tokena (RSA-OAEP SHA-256).']);
	}
	// Tokens contain `|` themselves: the timestamp is what follows the last one.
	const separator = plain.lastIndexOf('|');
	const token = separator > 0 ? plain.slice(0, separator) : plain;
	const timestamp = separator > 0 ? Number(plain.slice(separator + 1)) : NaN;
	if (timestamp !== challenge.timestampMs) {
		throw badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.', ['Znacznik czasu nie odpowiada wyzwaniu.']);
	}
	const tokenHash = sha256Hex(token);
	const owner = Object.values(sim.state.subjects).find((subject) => subject.tokenHashes.includes(tokenHash));
	const finalStatus = !owner ? WRONG_TOKEN : owner.nip !== body.contextIdentifier.value ? NO_RIGHTS : AUTH_OK;

	const referenceNumber = sim.nextReferenceNumber('AU');
	const validUntilMs = nowMs + sim.options.tokens.authenticationTokenTtlMs;
	const authenticationToken = sim.issueJwt({ kind: 'authentication', ref: referenceNumber }, validUntilMs);
	const operation: AuthOperationRecord = {
		referenceNumber,
		nip: body.contextIdentifier.value,
		startDate: iso(nowMs),
		readyAtMs: nowMs + sim.options.delays.authPendingMs,
		finalStatus,
		authenticationToken,
		authenticationTokenValidUntilMs: validUntilMs,
		redeemed: false,
		revoked: false,
	};
	sim.state.authOperations[referenceNumber] = operation;
	return { status: 202, json: { referenceNumber, authenticationToken: { token: authenticationToken, validUntil: iso(validUntilMs) } } };
}

/** The operation the authentication token belongs to, or 401 as KSeF answers a bad bearer. */
function operationOfAuthenticationToken(sim: Simulator, ctx: RequestContext): AuthOperationRecord {
	const operation = Object.values(sim.state.authOperations).find((op) => op.authenticationToken === ctx.bearer);
	if (!operation) throw unauthorized('Nieprawidłowy token uwierzytelniający.');
	if (operation.authenticationTokenValidUntilMs <= sim.now()) throw unauthorized('Token uwierzytelniający wygasł.');
	return operation;
}

function statusOf(sim: Simulator, operation: AuthOperationRecord): StatusInfo {
	return sim.now() < operation.readyAtMs ? AUTH_PENDING : operation.finalStatus;
}

function operationBody(sim: Simulator, operation: AuthOperationRecord) {
	return {
		startDate: operation.startDate,
		authenticationMethod: 'Token' as const,
		authenticationMethodInfo: { category: 'Token' as const, code: 'token', displayName: 'Token KSeF' },
		status: statusOf(sim, operation),
		isTokenRedeemed: operation.redeemed,
		lastTokenRefreshDate: operation.lastTokenRefreshDate ?? null,
		refreshTokenValidUntil: operation.refreshTokenValidUntil ?? null,
	};
}

function authenticationStatus(sim: Simulator, ctx: RequestContext) {
	const operation = operationOfAuthenticationToken(sim, ctx);
	if (operation.referenceNumber !== ctx.params.referenceNumber) {
		throw badRequest(21304, 'Brak uwierzytelnienia.', [
			`Operacja uwierzytelniania o numerze referencyjnym ${ctx.params.referenceNumber} nie została znaleziona.`,
		]);
	}
	return { status: 200, json: operationBody(sim, operation) };
}

function redeem(sim: Simulator, ctx: RequestContext) {
	const operation = operationOfAuthenticationToken(sim, ctx);
	if (operation.redeemed) {
		throw badRequest(21301, 'Brak autoryzacji.', [`Tokeny dla operacji uwierzytelniania ${operation.referenceNumber} zostały już pobrane.`]);
	}
	const status = statusOf(sim, operation);
	if (status.code !== 200) {
		throw badRequest(21301, 'Brak autoryzacji.', [`Status uwierzytelniania (${status.code}) nie pozwala na pobranie tokenów.`]);
	}
	operation.redeemed = true;
	const nowMs = sim.now();
	const refreshValidUntilMs = nowMs + sim.options.tokens.refreshTokenTtlMs;
	operation.refreshTokenValidUntil = iso(refreshValidUntilMs);
	const accessToken = issueToken(sim, operation, 'access', nowMs + sim.options.tokens.accessTokenTtlMs);
	const refreshToken = issueToken(sim, operation, 'refresh', refreshValidUntilMs);
	return { status: 200, json: { accessToken, refreshToken } };
}

function refresh(sim: Simulator, ctx: RequestContext) {
	const record = ctx.bearer ? sim.state.tokens[ctx.bearer] : undefined;
	if (!record || record.kind !== 'refresh') throw unauthorized('Nieprawidłowy token odświeżający.');
	const operation = sim.state.authOperations[record.authReferenceNumber];
	// The trap integrators report: a revoked or expired refresh token is a 400 with 21301, not a 401.
	if (!operation || operation.revoked || record.validUntilMs <= sim.now()) {
		throw badRequest(21301, 'Brak autoryzacji.', ['Token KSeF został unieważniony.']);
	}
	operation.lastTokenRefreshDate = iso(sim.now());
	return { status: 200, json: { accessToken: issueToken(sim, operation, 'access', sim.now() + sim.options.tokens.accessTokenTtlMs) } };
}

function issueToken(sim: Simulator, operation: AuthOperationRecord, kind: 'access' | 'refresh', validUntilMs: number) {
	const token = sim.issueJwt({ kind, ref: operation.referenceNumber, nip: operation.nip }, validUntilMs);
	sim.state.tokens[token] = { kind, authReferenceNumber: operation.referenceNumber, nip: operation.nip, validUntilMs };
	return { token, validUntil: iso(validUntilMs) };
}

function listAuthSessions(sim: Simulator, ctx: RequestContext) {
	const caller = sim.requireAccess(ctx);
	const items: AuthenticationListItem[] = Object.values(sim.state.authOperations)
		.filter((op) => op.nip === caller.nip && op.redeemed && !op.revoked)
		.sort((a, b) => a.startDate.localeCompare(b.startDate))
		.map((op) => ({ ...operationBody(sim, op), referenceNumber: op.referenceNumber, isCurrent: op.referenceNumber === caller.authReferenceNumber }));
	return { status: 200, json: { continuationToken: null, items } };
}

function revokeAuthSession(sim: Simulator, ctx: RequestContext, referenceNumber: string) {
	const caller = sim.requireAccess(ctx);
	const operation = sim.state.authOperations[referenceNumber];
	if (!operation || operation.nip !== caller.nip) {
		throw badRequest(21304, 'Brak uwierzytelnienia.', [`Operacja uwierzytelniania o numerze referencyjnym ${referenceNumber} nie została znaleziona.`]);
	}
	operation.revoked = true;
	// Access tokens of a revoked session stop working at once.
	for (const [token, record] of Object.entries(sim.state.tokens)) {
		if (record.authReferenceNumber === referenceNumber && record.kind === 'access') delete sim.state.tokens[token];
	}
	return { status: 204 };
}
