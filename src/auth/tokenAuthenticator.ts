import type { AuthenticationChallengeResponse, AuthenticationInitResponse, InitTokenAuthenticationRequest } from '../api/schemas';
import { sha256Hex } from '../crypto/hash';
import { rsaOaepSha256Encrypt } from '../crypto/rsa';
import { KsefApiError, KsefAuthenticationError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';
import type { Sleep } from '../http/retry';
import { finishAuthentication, type Authenticator, type AuthPollPolicy, type IssuedTokens } from './authentication';
import { certificatesAgeMs, forgetCertificates, getCertificate } from './certificates';

export interface TokenCredentials {
	/** The KSeF token as issued, `|` characters and all. */
	token: string;
	/** The NIP whose context the session acts in. */
	nip: string;
}

/** KSeF's public keys are cached for an hour; ones fetched within the last minute cannot have rotated since. */
const FRESH_CERTIFICATES_MS = 60_000;

/**
 * Token authentication, step by step as KSeF defines it: certificates → challenge → RSA-OAEP(token|timestampMs)
 * → POST /auth/ksef-token → poll GET /auth/{ref} until 200 → redeem for an access and a refresh token.
 */
export class TokenAuthenticator implements Authenticator {
	readonly cacheKey: string;

	constructor(private readonly credentials: TokenCredentials) {
		this.cacheKey = `token|${credentials.nip}|${sha256Hex(credentials.token)}`;
	}

	describeSigner(): string {
		return 'the KSeF token';
	}

	async authenticate(http: HttpClient, poll: AuthPollPolicy, sleep: Sleep): Promise<IssuedTokens> {
		const certificatesWereCached = certificatesAgeMs(http.baseUrl) > FRESH_CERTIFICATES_MS;
		try {
			return await finishAuthentication(http, await this.start(http), poll, tokenRefusalAdvice, sleep);
		} catch (error) {
			// KSeF rotates its public keys. A token encrypted with a retired key is refused at once (21470, key
			// unknown) or, found out later, ends the operation with 450. Either way: fetch the keys again and retry
			// once, but only when the keys were not fetched moments ago (then they cannot be the cause).
			if (!certificatesWereCached || !isStaleKeySymptom(error)) throw error;
			forgetCertificates(http.baseUrl);
			return finishAuthentication(http, await this.start(http), poll, tokenRefusalAdvice, sleep);
		}
	}

	private async start(http: HttpClient): Promise<AuthenticationInitResponse> {
		const { token, nip } = this.credentials;
		const certificate = await getCertificate(http, 'KsefTokenEncryption');
		const challenge = await http.json<AuthenticationChallengeResponse>({ method: 'POST', path: '/auth/challenge', idempotent: true });
		// The token goes in verbatim: it contains `|` itself, and KSeF splits on the last one.
		const plain = Buffer.from(`${token}|${challenge.body.timestampMs}`, 'utf8');
		const request: InitTokenAuthenticationRequest = {
			challenge: challenge.body.challenge,
			contextIdentifier: { type: 'Nip', value: nip },
			encryptedToken: rsaOaepSha256Encrypt(certificate.certificate, plain).toString('base64'),
			publicKeyId: certificate.publicKeyId,
		};
		return (await http.json<AuthenticationInitResponse>({ method: 'POST', path: '/auth/ksef-token', json: request })).body;
	}
}

function isStaleKeySymptom(error: unknown): boolean {
	if (error instanceof KsefApiError) return error.exceptionCode === 21470 || error.httpStatus === 400;
	return error instanceof KsefAuthenticationError && error.statusCode === 450;
}

function tokenRefusalAdvice(code: number): string {
	if (code === 415) return 'The token is valid but holds no permission in this NIP context: generate a token with the permissions the workflow needs (InvoiceWrite, InvoiceRead).';
	if (code === 480) return 'KSeF blocked authentication in this context after a suspected security incident; contact the Ministry of Finance.';
	return 'Check that the token is active and was issued for this NIP, and that the NIP in the credential is the context you act in.';
}
