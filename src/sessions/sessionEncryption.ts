import type { EncryptionInfo } from '../api/schemas';
import { getCertificate } from '../auth/certificates';
import { generateAesKeyMaterial, type AesKeyMaterial } from '../crypto/aes';
import { rsaOaepSha256Encrypt } from '../crypto/rsa';
import type { HttpClient } from '../http/httpClient';

export interface SessionEncryption {
	material: AesKeyMaterial;
	/** What the open-session request carries: the AES key wrapped for the Ministry, and the IV. */
	info: EncryptionInfo;
}

/**
 * A fresh AES-256 key and IV per session, the key wrapped with the SymmetricKeyEncryption certificate. Passing
 * `material` wraps an existing key again (after a key rotation, for parts already encrypted with it).
 */
export async function createSessionEncryption(http: HttpClient, material: AesKeyMaterial = generateAesKeyMaterial()): Promise<SessionEncryption> {
	const certificate = await getCertificate(http, 'SymmetricKeyEncryption');
	return {
		material,
		info: {
			encryptedSymmetricKey: rsaOaepSha256Encrypt(certificate.certificate, material.key).toString('base64'),
			initializationVector: material.iv.toString('base64'),
			publicKeyId: certificate.publicKeyId,
		},
	};
}
