/**
 * Token authentication, as KSeF runs it: challenge → encrypted `token|timestampMs` → an operation that answers
 * 100 and then its result → redeem (once) → access and refresh tokens → refresh. Also the list and revocation
 * of authentication sessions, which is how a refresh token becomes revoked (then refresh answers 400/21301).
 *
 * Only a bad challenge (21111), an unknown key id (21470) or a body that breaks the spec (21405) are refused
 * at once; everything about the token itself (encryption, timestamp, token, context) is found out "later",
 * as on KSeF: the call answers 202 and the operation ends with 450 (or 480 for a blocked context).
 */
import type { components } from '../../../src/api/ksefApi';
import { badRequest, gone, unauthorized } from '../errors';
import { continuationTokenFrom, pageAfter, pageSizeFrom } from '../reading/paging';
import type { Reply, RequestContext } from '../router';
import { sha256Hex, type Simulator } from '../simulator';
import type { AuthMethodRecord, AuthOperationRecord, StatusInfo } from '../state';
import { AUTH_BLOCKED, AUTH_OK, signInOutcome } from '../xades/signInOutcome';
import { verifySignedRequest } from '../xades/verifySignedRequest';
import { isValidNip } from '../../../src/domain/nip';

type InitTokenAuthenticationRequest = components['schemas']['InitTokenAuthenticationRequest'];
type AuthenticationOperationStatusResponse = components['schemas']['AuthenticationOperationStatusResponse'];
type AuthenticationListItem = components['schemas']['AuthenticationListItem'];
type TokenInfo = components['schemas']['TokenInfo'];

const AUTH_PENDING: StatusInfo = { code: 100, description: 'Uwierzytelnianie w toku' };
const AUTH_REVOKED: StatusInfo = {
	code: 425,
	description: 'Uwierzytelnienie unieważnione',
	details: ['Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika'],
};
const wrongToken = (detail: string): StatusInfo => ({
	code: 450,
	description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu',
	details: [detail],
});

/** GET /auth/{ref} is available for 7 days (then 410), per the operation's description. */
const OPERATION_LIFETIME_MS = 7 * 24 * 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function registerAuthRoutes(sim: Simulator): void {
	// KSeF limits sign-in on its own, 60 a second per IP (openapi.json x-rate-limits); tests throttle it through
	// the `authentication` override. The session list and revocations are `other`, as KSeF counts them.
	const signIn = { rateLimitGroup: 'authentication' as const };
	const other = { rateLimitGroup: 'other' as const };
	sim.router.add('POST', '/auth/challenge', (ctx) => createChallenge(sim, ctx), signIn);
	sim.router.add('POST', '/auth/ksef-token', (ctx) => startTokenAuthentication(sim, ctx), signIn);
	sim.router.add('POST', '/auth/xades-signature', (ctx) => startXadesAuthentication(sim, ctx), signIn);
	sim.router.add('GET', '/auth/{referenceNumber}', (ctx) => authenticationStatus(sim, ctx), signIn);
	sim.router.add('POST', '/auth/token/redeem', (ctx) => redeem(sim, ctx), signIn);
	sim.router.add('POST', '/auth/token/refresh', (ctx) => refresh(sim, ctx), signIn);
	sim.router.add('GET', '/auth/sessions', (ctx) => listAuthSessions(sim, ctx), other);
	sim.router.add('DELETE', '/auth/sessions/current', (ctx) => revokeCurrent(sim, ctx), other);
	sim.router.add('DELETE', '/auth/sessions/{referenceNumber}', (ctx) => revokeByReference(sim, ctx), other);
}

function createChallenge(sim: Simulator, ctx: RequestContext): Reply {
	const nowMs = sim.now();
	const challenge = sim.nextReferenceNumber('CR');
	sim.state.challenges[challenge] = { challenge, timestampMs: nowMs, expiresAtMs: nowMs + sim.options.tokens.challengeTtlMs, used: false };
	const clientIp = ctx.clientIp.replace(/^::ffff:/, '');
	return { status: 200, json: { challenge, timestamp: iso(nowMs), timestampMs: nowMs, clientIp } };
}

/** What the operation will end with once it stops answering 100. */
function verifyToken(sim: Simulator, body: InitTokenAuthenticationRequest, challengeTimestampMs: number): StatusInfo {
	let plain: string;
	try {
		plain = sim.keys.decrypt('KsefTokenEncryption', Buffer.from(body.encryptedToken, 'base64')).toString('utf8');
	} catch {
		return wrongToken('Nieprawidłowe szyfrowanie tokena');
	}
	// KSeF tokens contain `|` themselves: the timestamp is what follows the last one.
	const separator = plain.lastIndexOf('|');
	const timestampText = separator > 0 ? plain.slice(separator + 1) : '';
	if (!/^\d+$/.test(timestampText)) return wrongToken('Nieprawidłowe kodowanie tokena');
	if (Number(timestampText) !== challengeTimestampMs) return wrongToken('Nieprawidłowy czas tokena');
	const tokenHash = sha256Hex(plain.slice(0, separator));
	const owner = Object.values(sim.state.subjects).find((subject) => subject.tokenHashes.includes(tokenHash));
	if (!owner) return wrongToken('Nieprawidłowy token');
	const context = body.contextIdentifier;
	if (context.type !== 'Nip' || context.value !== owner.nip) {
		return wrongToken(`Token nie może być użyty w kontekście ${context.type}:${context.value}`);
	}
	if (owner.authenticationBlocked) return AUTH_BLOCKED;
	return AUTH_OK;
}

/**
 * XAdES sign-in: the document and its signature are checked at once (400s: verifySignedRequest), the challenge
 * is consumed, and what the certificate allows is found out "later", as on KSeF (460/415/480 after the 202).
 */
function startXadesAuthentication(sim: Simulator, ctx: RequestContext): Reply {
	if (!/xml/i.test(String(ctx.headers['content-type'] ?? ''))) {
		throw badRequest(21001, 'Nieczytelna treść.', ['Oczekiwano dokumentu XML (Content-Type: application/xml).']);
	}
	const request = verifySignedRequest(ctx.rawBody.toString('utf8'));
	const nowMs = sim.now();
	const challenge = sim.state.challenges[request.challenge];
	if (!challenge || challenge.used || challenge.expiresAtMs <= nowMs) throw badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.');
	if (request.context.type === 'Nip' && !isValidNip(request.context.value)) {
		throw badRequest(21117, 'Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.', [`${request.context.type}: ${request.context.value}`]);
	}
	challenge.used = true;
	const { status, method } = signInOutcome({
		request,
		nowMs,
		verifyCertificateChain: ctx.query.get('verifyCertificateChain') === 'true',
		issuer: sim.certificateAuthority.certificate,
		revokedSerials: sim.state.revokedCertificates ?? [],
		context: request.context.type === 'Nip' ? sim.state.subjects[request.context.value] : undefined,
	});
	return startOperation(sim, request.context.value, status, method);
}

function startOperation(sim: Simulator, nip: string, finalStatus: StatusInfo, method?: AuthMethodRecord): Reply {
	const nowMs = sim.now();
	const referenceNumber = sim.nextReferenceNumber('AU');
	const validUntilMs = nowMs + sim.options.tokens.authenticationTokenTtlMs;
	const authenticationToken = sim.issueJwt({ typ: 'AuthenticationToken', arn: referenceNumber }, validUntilMs);
	sim.state.authOperations[referenceNumber] = {
		referenceNumber,
		nip,
		startDate: iso(nowMs),
		readyAtMs: nowMs + sim.options.delays.authPendingMs,
		finalStatus,
		authenticationToken,
		authenticationTokenValidUntilMs: validUntilMs,
		redeemed: false,
		revoked: false,
		method,
	};
	const info: TokenInfo = { token: authenticationToken, validUntil: iso(validUntilMs) };
	return { status: 202, json: { referenceNumber, authenticationToken: info } };
}

function startTokenAuthentication(sim: Simulator, ctx: RequestContext): Reply {
	const body = ctx.json as InitTokenAuthenticationRequest;
	const nowMs = sim.now();
	if (body.publicKeyId && body.publicKeyId !== sim.keys.publicKeyIdOf('KsefTokenEncryption')) {
		throw badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [
			`Klucz o identyfikatorze ${body.publicKeyId} nie jest wspierany.`,
		]);
	}
	const challenge = sim.state.challenges[body.challenge];
	if (!challenge || challenge.used || challenge.expiresAtMs <= nowMs) throw badRequest(21111, 'Nieprawidłowe wyzwanie autoryzacyjne.');
	challenge.used = true;
	return startOperation(sim, body.contextIdentifier.value, verifyToken(sim, body, challenge.timestampMs));
}

/** The operation an authentication token belongs to, or the 401 KSeF gives a bad bearer. */
function operationOfAuthenticationToken(sim: Simulator, ctx: RequestContext): AuthOperationRecord {
	if (!ctx.bearer) throw unauthorized('Wymagane jest uwierzytelnienie.');
	const operation = Object.values(sim.state.authOperations).find((op) => op.authenticationToken === ctx.bearer);
	if (!operation) throw unauthorized('Nieprawidłowy token uwierzytelniający.');
	if (operation.authenticationTokenValidUntilMs <= sim.now()) throw unauthorized('Token uwierzytelniający wygasł.');
	return operation;
}

function statusOf(sim: Simulator, operation: AuthOperationRecord): StatusInfo {
	if (sim.now() < operation.readyAtMs) return AUTH_PENDING;
	return operation.revoked ? AUTH_REVOKED : operation.finalStatus;
}

function operationBody(sim: Simulator, operation: AuthOperationRecord): AuthenticationOperationStatusResponse {
	return {
		startDate: operation.startDate,
		authenticationMethod: operation.method?.authenticationMethod ?? 'Token',
		authenticationMethodInfo: operation.method
			? { category: operation.method.category, code: operation.method.code, displayName: operation.method.displayName }
			: { category: 'Token', code: 'token.ksef', displayName: 'Token KSeF' },
		status: statusOf(sim, operation),
		isTokenRedeemed: operation.redeemed,
		lastTokenRefreshDate: operation.lastTokenRefreshDate ?? null,
		refreshTokenValidUntil: operation.refreshTokenValidUntil ?? null,
	};
}

const operationNotFound = (referenceNumber: string) =>
	badRequest(21304, 'Brak uwierzytelnienia.', [`Operacja uwierzytelniania o numerze referencyjnym ${referenceNumber} nie została znaleziona.`]);

function authenticationStatus(sim: Simulator, ctx: RequestContext): Reply {
	const operation = operationOfAuthenticationToken(sim, ctx);
	if (operation.referenceNumber !== ctx.params.referenceNumber) throw operationNotFound(ctx.params.referenceNumber);
	if (sim.now() - Date.parse(operation.startDate) > OPERATION_LIFETIME_MS) throw gone('Operacja wygasła i nie jest już dostępna.');
	return { status: 200, json: operationBody(sim, operation) };
}

function issueToken(sim: Simulator, operation: AuthOperationRecord, kind: 'access' | 'refresh', validUntilMs: number): TokenInfo {
	const claims = { typ: kind === 'access' ? 'ContextToken' : 'RefreshToken', arn: operation.referenceNumber, nip: operation.nip };
	const token = sim.issueJwt(claims, validUntilMs);
	sim.state.tokens[token] = { kind, authReferenceNumber: operation.referenceNumber, nip: operation.nip, validUntilMs };
	return { token, validUntil: iso(validUntilMs) };
}

function redeem(sim: Simulator, ctx: RequestContext): Reply {
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

function refresh(sim: Simulator, ctx: RequestContext): Reply {
	const record = ctx.bearer ? sim.state.tokens[ctx.bearer] : undefined;
	if (!record || record.kind !== 'refresh') throw unauthorized('Nieprawidłowy token odświeżający.');
	const operation = sim.state.authOperations[record.authReferenceNumber];
	if (!operation) throw operationNotFound(record.authReferenceNumber);
	// The trap integrators report: a revoked or expired refresh token is a 400 with 21301, not a 401.
	if (operation.revoked) {
		throw badRequest(21301, 'Brak autoryzacji.', [`Status uwierzytelniania (${AUTH_REVOKED.code}) nie pozwala na odświeżenie tokenu dostępowego.`]);
	}
	if (record.validUntilMs <= sim.now()) throw badRequest(21301, 'Brak autoryzacji.', ['Token KSeF został unieważniony.']);
	operation.lastTokenRefreshDate = iso(sim.now());
	return { status: 200, json: { accessToken: issueToken(sim, operation, 'access', sim.now() + sim.options.tokens.accessTokenTtlMs) } };
}

function listAuthSessions(sim: Simulator, ctx: RequestContext): Reply {
	const caller = sim.requireAccess(ctx);
	const nowMs = sim.now();
	const active = Object.values(sim.state.authOperations).filter(
		(op) =>
			op.nip === caller.nip &&
			op.redeemed &&
			!op.revoked &&
			op.refreshTokenValidUntil !== undefined &&
			Date.parse(op.refreshTokenValidUntil) > nowMs,
	);
	// Newest first (startDate desc); the reference number breaks ties so the key is unique.
	const page = pageAfter(
		active,
		(op) => [-Date.parse(op.startDate), op.referenceNumber],
		continuationTokenFrom(ctx.headers),
		pageSizeFrom(ctx.query),
		`auth-sessions|${caller.nip}`,
	);
	const items: AuthenticationListItem[] = page.items.map((op) => ({
		...operationBody(sim, op),
		referenceNumber: op.referenceNumber,
		isCurrent: op.referenceNumber === caller.authReferenceNumber,
	}));
	return { status: 200, json: { ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}), items } };
}

/**
 * Revoking ends the refresh token at once; access tokens already issued keep working until they expire
 * ("Aktywne access tokeny działają do czasu minięcia ich termin ważności", both DELETE operations).
 */
function revoke(sim: Simulator, nip: string, referenceNumber: string): Reply {
	const operation = sim.state.authOperations[referenceNumber];
	if (!operation || operation.nip !== nip) throw operationNotFound(referenceNumber);
	operation.revoked = true;
	return { status: 204 };
}

/** Accepts the access token or the refresh token of the session to end. */
function revokeCurrent(sim: Simulator, ctx: RequestContext): Reply {
	const record = ctx.bearer ? sim.state.tokens[ctx.bearer] : undefined;
	if (record?.kind === 'refresh' && record.validUntilMs > sim.now()) return revoke(sim, record.nip, record.authReferenceNumber);
	const caller = sim.requireAccess(ctx);
	return revoke(sim, caller.nip, caller.authReferenceNumber);
}

function revokeByReference(sim: Simulator, ctx: RequestContext): Reply {
	const caller = sim.requireAccess(ctx);
	return revoke(sim, caller.nip, ctx.params.referenceNumber);
}
