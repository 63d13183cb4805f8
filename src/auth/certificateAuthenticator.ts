import type { AuthenticationChallengeResponse, AuthenticationInitResponse } from '../api/schemas';
import type { HttpClient } from '../http/httpClient';
import type { Sleep } from '../http/retry';
import { KsefInputError } from '../errors/KsefInputError';
import { finishAuthentication, type Authenticator, type AuthPollPolicy, type IssuedTokens } from './authentication';
import { buildAuthTokenRequest, type SubjectIdentifierType } from './signing/authTokenRequest';
import type { SigningIdentity } from './signing/signingIdentity';
import { signXades } from './signing/xadesSignature';

export interface CertificateCredentials {
	identity: SigningIdentity;
	/** The NIP whose context the session acts in. */
	nip: string;
	/** How KSeF identifies the signer: from the certificate's subject (PESEL/NIP) or by its SHA-256 fingerprint. */
	subjectIdentifierType: SubjectIdentifierType;
	/** Ask KSeF to check the chain and revocation even where self-signed certificates are allowed (TEST). */
	verifyCertificateChain?: boolean;
}

/**
 * Certificate (XAdES) authentication: challenge → AuthTokenRequest signed with an enveloped XAdES-BES signature
 * → POST /auth/xades-signature → poll → redeem. The way in that stays once KSeF tokens are withdrawn.
 */
export class CertificateAuthenticator implements Authenticator {
	readonly cacheKey: string;

	constructor(private readonly credentials: CertificateCredentials) {
		const { identity, nip, subjectIdentifierType } = credentials;
		if (subjectIdentifierType === 'certificateSubject' && !identity.subject) {
			throw new KsefInputError(
				'Subject Identifier Type',
				'is "Certificate Subject", but the certificate carries no PESEL or NIP KSeF can read (serialNumber PNOPL/PESEL/TINPL/NIP or organizationIdentifier VATPL)',
				`Choose "Certificate Fingerprint" and grant permissions in KSeF to the fingerprint ${identity.fingerprint}.`,
			);
		}
		// The fingerprint names the certificate without anything secret in it.
		this.cacheKey = `xades|${nip}|${subjectIdentifierType}|${identity.fingerprint}`;
	}

	describeSigner(): string {
		const { identity } = this.credentials;
		const subject = identity.subject ? `${identity.subject.type === 'Pesel' ? 'PESEL' : 'NIP'} ${identity.subject.value}` : 'no PESEL/NIP';
		const validTo = new Date(identity.certificate.validTo).toISOString().slice(0, 10);
		return `the certificate of ${subject} (fingerprint ${identity.fingerprint.slice(0, 16)}…, valid until ${validTo})`;
	}

	async authenticate(http: HttpClient, poll: AuthPollPolicy, sleep: Sleep): Promise<IssuedTokens> {
		return finishAuthentication(http, await this.start(http), poll, (code) => this.refusalAdvice(code), sleep);
	}

	private async start(http: HttpClient): Promise<AuthenticationInitResponse> {
		const { identity, nip, subjectIdentifierType, verifyCertificateChain } = this.credentials;
		const challenge = await http.json<AuthenticationChallengeResponse>({ method: 'POST', path: '/auth/challenge', idempotent: true });
		const document = buildAuthTokenRequest({ challenge: challenge.body.challenge, nip, subjectIdentifierType });
		const signed = signXades(document, identity);
		const response = await http.json<AuthenticationInitResponse>({
			method: 'POST',
			path: '/auth/xades-signature',
			query: verifyCertificateChain ? { verifyCertificateChain: true } : undefined,
			body: Buffer.from(signed, 'utf8'),
			headers: { 'Content-Type': 'application/xml' },
		});
		return response.body;
	}

	private refusalAdvice(code: number): string {
		const { identity, nip, subjectIdentifierType } = this.credentials;
		const who =
			subjectIdentifierType === 'certificateFingerprint'
				? `the certificate fingerprint ${identity.fingerprint}`
				: identity.subject
					? `${identity.subject.type === 'Pesel' ? 'PESEL' : 'NIP'} ${identity.subject.value} (read from the certificate)`
					: 'the certificate subject';
		if (code === 415) {
			return `KSeF identified the signer as ${who}, who holds no permission in the context of NIP ${nip}. Grant permissions to ${who} in KSeF (Uprawnienia), or use a certificate of someone who has them.`;
		}
		if (code === 460) {
			return 'KSeF did not accept the certificate: it is expired, suspended or revoked, or its chain is not trusted. Self-signed certificates work only on TEST; on DEMO and PROD use a KSeF Authentication certificate or a qualified one.';
		}
		if (code === 470) return `KSeF reports the person identified as ${who} as deceased; their certificate cannot sign in.`;
		if (code === 480) return 'KSeF blocked authentication in this context after a suspected security incident; contact the Ministry of Finance.';
		return `Check that ${who} has permissions in the context of NIP ${nip}.`;
	}
}
