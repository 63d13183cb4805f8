import type {
	AuthenticationChallengeResponse,
	AuthenticationInitResponse,
	AuthenticationOperationStatusResponse,
	AuthenticationTokenRefreshResponse,
	AuthenticationTokensResponse,
	InitTokenAuthenticationRequest,
} from '../api/schemas';
import { rsaOaepSha256Encrypt } from '../crypto/rsa';
import { KsefApiError, KsefAuthenticationError, KsefTimeoutError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { certificatesAgeMs, forgetCertificates, getCertificate } from './certificates';

export interface TokenCredentials {
	/** The KSeF token as issued, `|` characters and all. */
	token: string;
	/** The NIP whose context the session acts in. */
	nip: string;
}

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

/**
 * Token authentication, step by step as KSeF defines it: certificates → challenge → RSA-OAEP(token|timestampMs)
 * → POST /auth/ksef-token → poll GET /auth/{ref} until 200 → redeem for an access and a refresh token.
 */
export async function authenticateWithToken(
	http: HttpClient,
	credentials: TokenCredentials,
	poll: AuthPollPolicy,
	sleep: Sleep = defaultSleep,
): Promise<IssuedTokens> {
	const started = await startAuthentication(http, credentials).catch(async (error: unknown) => {
		// Keys rotated since we cached them make KSeF reject the encrypted token; one retry with fresh
		// certificates covers that. Certificates fetched moments ago cannot be the cause.
		const staleCertificates = certificatesAgeMs(http.baseUrl) > 60_000;
		if (!(error instanceof KsefApiError) || error.httpStatus !== 400 || !staleCertificates) throw error;
		forgetCertificates(http.baseUrl);
		return startAuthentication(http, credentials);
	});
	const bearer = started.authenticationToken.token;
	await waitForAuthentication(http, started.referenceNumber, bearer, poll, sleep);
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

async function startAuthentication(
	http: HttpClient,
	{ token, nip }: TokenCredentials,
): Promise<AuthenticationInitResponse> {
	const certificate = await getCertificate(http, 'KsefTokenEncryption');
	const challenge = await http.json<AuthenticationChallengeResponse>({
		method: 'POST',
		path: '/auth/challenge',
		idempotent: true,
	});
	// The token goes in verbatim: it contains `|` itself, and KSeF splits on the last one.
	const plain = Buffer.from(`${token}|${challenge.body.timestampMs}`, 'utf8');
	const request: InitTokenAuthenticationRequest = {
		challenge: challenge.body.challenge,
		contextIdentifier: { type: 'Nip', value: nip },
		encryptedToken: rsaOaepSha256Encrypt(certificate.certificate, plain).toString('base64'),
		publicKeyId: certificate.publicKeyId,
	};
	const response = await http.json<AuthenticationInitResponse>({
		method: 'POST',
		path: '/auth/ksef-token',
		json: request,
	});
	return response.body;
}

async function waitForAuthentication(
	http: HttpClient,
	referenceNumber: string,
	bearer: string,
	poll: AuthPollPolicy,
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
				`KSeF refused the authentication (${code}: ${description}${details?.length ? `; ${details.join('; ')}` : ''}). ` +
					'Check that the token is active and was issued for this NIP, and that the NIP in the credential is the context you act in.',
				code,
				details ?? [],
			);
		}
		if (Date.now() + delay > deadline) {
			throw new KsefTimeoutError(
				`KSeF did not finish the authentication within ${Math.round(poll.maxWaitMs / 1000)} s (still 100). Try again later.`,
			);
		}
		await sleep(delay);
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
