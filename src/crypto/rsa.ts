import { constants, publicEncrypt, X509Certificate, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/** The public key of a certificate as /security/public-key-certificates returns it (Base64 DER), parsed once. */
function publicKeyOf(certificateBase64: string): KeyObject {
	let key = keys.get(certificateBase64);
	if (!key) {
		key = new X509Certificate(Buffer.from(certificateBase64, 'base64')).publicKey;
		keys.set(certificateBase64, key);
	}
	return key;
}

/** RSA-OAEP with SHA-256 for both the hash and MGF1, as KSeF requires for the token and the session key. */
export function rsaOaepSha256Encrypt(certificateBase64: string, plain: Buffer): Buffer {
	return publicEncrypt({ key: publicKeyOf(certificateBase64), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain);
}
