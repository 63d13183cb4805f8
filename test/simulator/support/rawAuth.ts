/**
 * A raw KSeF token-authentication client for the simulator's tests: plain fetch and node:crypto, written from
 * the spec and sharing no code with src/. Every JSON body it sends is first checked against openapi.json, so a
 * test cannot pass by accident on a request the real KSeF would refuse.
 *
 *   const { accessToken } = await authenticate(sim.baseUrl, sim.token, sim.nip);
 */
import { constants, publicEncrypt, X509Certificate } from 'node:crypto';
import { requestBodyErrors } from '../openapi';

export interface RawResponse<T = Record<string, unknown>> {
	status: number;
	body: T;
	headers: Headers;
}

export interface CallOptions {
	json?: unknown;
	bearer?: string;
	headers?: Record<string, string>;
	/** The OpenAPI template the path belongs to, to check `json` against (defaults to the path itself). */
	template?: string;
}

export interface StatusInfo {
	code: number;
	description: string;
	details?: string[] | null;
}

export interface ExceptionBody {
	exception: { exceptionDetailList: Array<{ exceptionCode: number; exceptionDescription: string; details?: string[] }> };
}

export interface AuthResult {
	referenceNumber: string;
	authenticationToken: string;
	accessToken: string;
	accessTokenValidUntil: string;
	refreshToken: string;
	refreshTokenValidUntil: string;
}

export async function call<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<RawResponse<T>> {
	const { json, bearer } = options;
	if (json !== undefined) {
		const errors = requestBodyErrors(method, options.template ?? path.split('?')[0], json);
		if (errors.length > 0) throw new Error(`request body for ${method} ${path} breaks openapi.json: ${errors.join('; ')}`);
	}
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: {
			accept: 'application/json',
			...(json !== undefined ? { 'content-type': 'application/json' } : {}),
			...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
			...options.headers,
		},
		body: json !== undefined ? JSON.stringify(json) : undefined,
	});
	const text = await response.text();
	const isJson = text !== '' && /json/.test(response.headers.get('content-type') ?? '');
	return { status: response.status, body: (isJson ? JSON.parse(text) : text) as T, headers: response.headers };
}

/** The first exception code of an ExceptionResponse body (undefined for other shapes). */
export function exceptionCode(body: unknown): number | undefined {
	return (body as Partial<ExceptionBody> | undefined)?.exception?.exceptionDetailList?.[0]?.exceptionCode;
}

/** The KsefTokenEncryption certificate's public key and id, as GET /security/public-key-certificates lists them. */
export async function tokenEncryptionKey(baseUrl: string): Promise<{ publicKeyId: string; encrypt(plain: string): string }> {
	const { body } = await call<Array<{ certificate: string; publicKeyId: string; usage: string[] }>>(baseUrl, 'GET', '/security/public-key-certificates');
	const found = body.find((c) => c.usage.includes('KsefTokenEncryption'));
	if (!found) throw new Error('no KsefTokenEncryption certificate');
	const key = new X509Certificate(Buffer.from(found.certificate, 'base64')).publicKey;
	return {
		publicKeyId: found.publicKeyId,
		encrypt: (plain) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(plain, 'utf8')).toString('base64'),
	};
}

export async function challenge(baseUrl: string): Promise<{ challenge: string; timestamp: string; timestampMs: number; clientIp: string }> {
	const response = await call<{ challenge: string; timestamp: string; timestampMs: number; clientIp: string }>(baseUrl, 'POST', '/auth/challenge');
	if (response.status !== 200) throw new Error(`/auth/challenge answered ${response.status}`);
	return response.body;
}

export interface StartOptions {
	/** Use this challenge instead of asking for a new one (to test reuse). */
	challenge?: { challenge: string; timestampMs: number };
	/** Encrypt this instead of `token|timestampMs` (to test bad timestamps and encodings). */
	plaintext?: (timestampMs: number) => string;
	/** Send this instead of the encrypted token (to test bad encryption). */
	encryptedToken?: string;
	publicKeyId?: string;
}

/** POST /auth/ksef-token with a freshly encrypted `token|timestampMs`; answers the raw response. */
export async function startAuthentication(baseUrl: string, token: string, nip: string, options: StartOptions = {}) {
	const issued = options.challenge ?? (await challenge(baseUrl));
	const key = await tokenEncryptionKey(baseUrl);
	const plain = options.plaintext ? options.plaintext(issued.timestampMs) : `${token}|${issued.timestampMs}`;
	return call<{ referenceNumber: string; authenticationToken: { token: string; validUntil: string } }>(baseUrl, 'POST', '/auth/ksef-token', {
		json: {
			challenge: issued.challenge,
			contextIdentifier: { type: 'Nip', value: nip },
			encryptedToken: options.encryptedToken ?? key.encrypt(plain),
			...(options.publicKeyId !== undefined ? { publicKeyId: options.publicKeyId } : {}),
		},
	});
}

/** Polls GET /auth/{ref} until it stops answering 100; returns the final status and every code seen on the way. */
export async function waitForAuthentication(baseUrl: string, referenceNumber: string, authenticationToken: string, intervalMs = 25) {
	const seen: number[] = [];
	for (let attempt = 0; attempt < 400; attempt++) {
		const response = await call<{ status: StatusInfo }>(baseUrl, 'GET', `/auth/${referenceNumber}`, { bearer: authenticationToken });
		if (response.status !== 200) throw new Error(`GET /auth/${referenceNumber} answered ${response.status}`);
		seen.push(response.body.status.code);
		if (response.body.status.code !== 100) return { status: response.body.status, seen };
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	throw new Error(`authentication ${referenceNumber} never finished`);
}

/** The guide's whole flow: challenge → RSA-OAEP(token|timestampMs) → ksef-token → poll → redeem. Throws unless it ends with 200. */
export async function authenticate(baseUrl: string, token: string, nip: string): Promise<AuthResult> {
	const init = await startAuthentication(baseUrl, token, nip);
	if (init.status !== 202) throw new Error(`/auth/ksef-token answered ${init.status}: ${JSON.stringify(init.body)}`);
	const { referenceNumber } = init.body;
	const authenticationToken = init.body.authenticationToken.token;
	const { status } = await waitForAuthentication(baseUrl, referenceNumber, authenticationToken);
	if (status.code !== 200) throw new Error(`authentication ${referenceNumber} ended with ${status.code}: ${status.description}`);
	const redeemed = await call<{ accessToken: { token: string; validUntil: string }; refreshToken: { token: string; validUntil: string } }>(
		baseUrl,
		'POST',
		'/auth/token/redeem',
		{ bearer: authenticationToken },
	);
	if (redeemed.status !== 200) throw new Error(`/auth/token/redeem answered ${redeemed.status}: ${JSON.stringify(redeemed.body)}`);
	return {
		referenceNumber,
		authenticationToken,
		accessToken: redeemed.body.accessToken.token,
		accessTokenValidUntil: redeemed.body.accessToken.validUntil,
		refreshToken: redeemed.body.refreshToken.token,
		refreshTokenValidUntil: redeemed.body.refreshToken.validUntil,
	};
}

/** POST /auth/token/refresh with a refresh token. */
export function refreshAccessToken(baseUrl: string, refreshToken: string) {
	return call<{ accessToken: { token: string; validUntil: string } } | ExceptionBody>(baseUrl, 'POST', '/auth/token/refresh', { bearer: refreshToken });
}
