import { constants, publicEncrypt, X509Certificate } from 'node:crypto';

/**
 * RSA-OAEP with SHA-256 for both the hash and MGF1, as KSeF requires for the token and the session key.
 * `certificateBase64` is the DER certificate exactly as /security/public-key-certificates returns it.
 */
export function rsaOaepSha256Encrypt(certificateBase64: string, plain: Buffer): Buffer {
	const certificate = new X509Certificate(Buffer.from(certificateBase64, 'base64'));
	return publicEncrypt(
		{ key: certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
		plain,
	);
}
