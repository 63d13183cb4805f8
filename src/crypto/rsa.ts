import { constants, publicEncrypt, X509Certificate, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/**
 * The public key of a certificate as /security/public-key-certificates returns it (Base64 DER). It is read from
 * PEM: given DER, OpenSSL first tries PEM and can leave a "no start line" error behind, which a later crypto
 * call under load may report as its own (seen once in the full test suite).
 */
function publicKeyOf(certificateBase64: string): KeyObject {
	let key = keys.get(certificateBase64);
	if (!key) {
		const body = certificateBase64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').trim();
		key = new X509Certificate(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`).publicKey;
		keys.set(certificateBase64, key);
	}
	return key;
}

/** RSA-OAEP with SHA-256 for both the hash and MGF1, as KSeF requires for the token and the session key. */
export function rsaOaepSha256Encrypt(certificateBase64: string, plain: Buffer): Buffer {
	return publicEncrypt({ key: publicKeyOf(certificateBase64), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain);
}
