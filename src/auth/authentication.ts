import type {
	AuthenticationInitResponse,
	AuthenticationOperationStatusResponse,
	AuthenticationTokenRefreshResponse,
	AuthenticationTokensResponse,
} from '../api/schemas';
import { KsefAuthenticationError, KsefTimeoutError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';
import { sleep as defaultSleep, type Sleep } from '../http/retry';

/**
 * What every way into KSeF shares once the first call has been accepted (202): poll GET /auth/{ref} until it
 * leaves 100, redeem the operation for an access and a refresh token, and later refresh the access token.
 * How the operation is started (an encrypted KSeF token, a XAdES-signed document) is the authenticator's job.
 */
export interface IssuedTokens {
	accessToken: string;
	accessTokenValidUntilMs: number;
	refreshToken: string;
	refreshTokenValidUntilMs: number;
	authReferenceNumber: string;
}

export interface AuthPollPolicy {
	initialDelayMs: number;
	maxDelayMs: number;
	maxWaitMs: number;
}

export interface Authenticator {
	/** Names the credential in caches without containing its secret (a hash of it). */
	readonly cacheKey: string;
	/** Who signs in, in words for messages; never a secret. */
	describeSigner(): string;
	/** A full authentication from scratch, ending in redeemed tokens. */
	authenticate(http: HttpClient, poll: AuthPollPolicy, sleep: Sleep): Promise<IssuedTokens>;
}

/** Says, per final status code, what the user should check; the wording differs between tokens and certificates. */
export type RefusalAdvice = (code: number) => string;

/** Polls the started operation to its end and redeems it; a final status other than 200 is a KsefAuthenticationError. */
export async function finishAuthentication(
	http: HttpClient,
	started: AuthenticationInitResponse,
	poll: AuthPollPolicy,
	advice: RefusalAdvice,
	sleep: Sleep = defaultSleep,
): Promise<IssuedTokens> {
	const bearer = started.authenticationToken.token;
	await waitForAuthentication(http, started.referenceNumber, bearer, poll, advice, sleep);
	const redeemed = await http.json<AuthenticationTokensResponse>({
		method: 'POST',
		path: '/auth/token/redeem',
		bearer,
	});
	return {
		accessToken: redeemed.body.accessToken.token,
		accessTokenValidUntilMs: Date.parse(redeemed.body.accessToken.validUntil),
		refreshToken: redeemed.body.refreshToken.token,
		refreshTokenValidUntilMs: Date.parse(redeemed.body.refreshToken.validUntil),
		authReferenceNumber: started.referenceNumber,
	};
}

async function waitForAuthentication(
	http: HttpClient,
	referenceNumber: string,
	bearer: string,
	poll: AuthPollPolicy,
	advice: RefusalAdvice,
	sleep: Sleep,
): Promise<void> {
	const deadline = Date.now() + poll.maxWaitMs;
	let delay = poll.initialDelayMs;
	for (;;) {
		const { body } = await http.json<AuthenticationOperationStatusResponse>({
			method: 'GET',
			path: `/auth/${encodeURIComponent(referenceNumber)}`,
			bearer,
		});
		const { code, description, details } = body.status;
		if (code === 200) return;
		if (code !== 100) {
			throw new KsefAuthenticationError(
				`KSeF refused the authentication (${code}: ${description}${details?.length ? `; ${details.join('; ')}` : ''}). ${advice(code)}`,
				code,
				details ?? [],
			);
		}
		if (Date.now() + delay > deadline) {
			throw new KsefTimeoutError(
				`KSeF did not finish the authentication within ${Math.round(poll.maxWaitMs / 1000)} s (still 100). ` +
					'On DEMO and PROD a certificate sign-in waits for the issuer to confirm the certificate (OCSP/CRL); try again later.',
			);
		}
		// A cancelled execution stops waiting for KSeF's verdict (certificate checks on PROD can take minutes).
		await sleep(delay, http.signal);
		delay = Math.min(poll.maxDelayMs, delay * 2);
	}
}

/** A new access token from the refresh token; the refresh token itself stays the same. */
export async function refreshAccessToken(
	http: HttpClient,
	refreshToken: string,
): Promise<{ accessToken: string; accessTokenValidUntilMs: number }> {
	const { body } = await http.json<AuthenticationTokenRefreshResponse>({
		method: 'POST',
		path: '/auth/token/refresh',
		bearer: refreshToken,
	});
	return { accessToken: body.accessToken.token, accessTokenValidUntilMs: Date.parse(body.accessToken.validUntil) };
}
