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

/** A fresh AES-256 key and IV per session, the key wrapped with the SymmetricKeyEncryption certificate. */
export async function createSessionEncryption(http: HttpClient): Promise<SessionEncryption> {
	const certificate = await getCertificate(http, 'SymmetricKeyEncryption');
	const material = generateAesKeyMaterial();
	return {
		material,
		info: {
			encryptedSymmetricKey: rsaOaepSha256Encrypt(certificate.certificate, material.key).toString('base64'),
			initializationVector: material.iv.toString('base64'),
			publicKeyId: certificate.publicKeyId,
		},
	};
}
