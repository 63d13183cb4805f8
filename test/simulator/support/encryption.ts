/**
 * The client side of KSeF's invoice encryption, for the simulator's tests: a fresh AES-256 key and IV, the key
 * wrapped with RSA-OAEP (SHA-256) under the SymmetricKeyEncryption certificate the simulator publishes, and the
 * SendInvoiceRequest body for one invoice. Plain node:crypto, sharing no code with src/.
 */
import { constants, createCipheriv, createHash, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';

export const sha256Base64 = (data: Buffer): string => createHash('sha256').update(data).digest('base64');

export interface SessionKey {
	key: Buffer;
	iv: Buffer;
	/** EncryptionInfo as POST /sessions/online and /sessions/batch expect it. */
	encryption: { encryptedSymmetricKey: string; initializationVector: string };
}

export function makeAesKey(): Buffer {
	return randomBytes(32);
}

export function makeIv(length = 16): Buffer {
	return randomBytes(length);
}

/** The certificate (DER, base64) the simulator lists for `usage`. */
export async function publicCertificate(baseUrl: string, usage: 'SymmetricKeyEncryption' | 'KsefTokenEncryption'): Promise<string> {
	const response = await fetch(`${baseUrl}/security/public-key-certificates`);
	const certificates = (await response.json()) as Array<{ certificate: string; usage: string[] }>;
	const found = certificates.find((c) => c.usage.includes(usage));
	if (!found) throw new Error(`the simulator lists no ${usage} certificate`);
	return found.certificate;
}

export function rsaOaepEncrypt(certificateBase64: string, data: Buffer): string {
	const key = new X509Certificate(Buffer.from(certificateBase64, 'base64')).publicKey;
	return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data).toString('base64');
}

/** A new session key wrapped for the simulator; `iv` may be given (e.g. a wrong length) to test the trap. */
export async function makeSessionKey(baseUrl: string, iv: Buffer = makeIv()): Promise<SessionKey> {
	const key = makeAesKey();
	const certificate = await publicCertificate(baseUrl, 'SymmetricKeyEncryption');
	return { key, iv, encryption: { encryptedSymmetricKey: rsaOaepEncrypt(certificate, key), initializationVector: iv.toString('base64') } };
}

export function aesEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/**
 * SendInvoiceRequest for `xml`. A session whose IV is not 16 bytes cannot encrypt with AES-CBC at all, so the
 * content is then encrypted with the IV's first 16 bytes (zero-padded): the client believes it sent a valid invoice.
 */
export function sendInvoiceBody(xml: Buffer, session: Pick<SessionKey, 'key' | 'iv'>, offlineMode = false) {
	const iv = session.iv.length === 16 ? session.iv : Buffer.concat([session.iv, Buffer.alloc(16)]).subarray(0, 16);
	const encrypted = aesEncrypt(xml, session.key, iv);
	return {
		invoiceHash: sha256Base64(xml),
		invoiceSize: xml.length,
		encryptedInvoiceHash: sha256Base64(encrypted),
		encryptedInvoiceSize: encrypted.length,
		encryptedInvoiceContent: encrypted.toString('base64'),
		offlineMode,
	};
}
