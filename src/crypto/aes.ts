import { createCipheriv, createDecipheriv, randomBytes, type Cipher } from 'node:crypto';

/** KSeF encrypts invoices and batch parts with AES-256-CBC and PKCS#7 padding, key 32 bytes, IV 16 bytes. */
export const AES_KEY_BYTES = 32;
export const AES_IV_BYTES = 16;

export interface AesKeyMaterial {
	key: Buffer;
	iv: Buffer;
}

export function generateAesKeyMaterial(): AesKeyMaterial {
	return { key: randomBytes(AES_KEY_BYTES), iv: randomBytes(AES_IV_BYTES) };
}

/**
 * KSeF does not reject a session opened with a wrong IV length; its invoices then sit at status 150 forever
 * (guide.txt, known issues). Checking here turns that silent hang into an immediate error.
 */
export function assertAesKeyMaterial({ key, iv }: AesKeyMaterial): void {
	if (key.length !== AES_KEY_BYTES) throw new Error(`AES key must be ${AES_KEY_BYTES} bytes, got ${key.length}`);
	if (iv.length !== AES_IV_BYTES) throw new Error(`AES IV must be ${AES_IV_BYTES} bytes, got ${iv.length}`);
}

export function encryptAes256Cbc(plain: Buffer, material: AesKeyMaterial): Buffer {
	const cipher = createAesCipher(material);
	return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function decryptAes256Cbc(encrypted: Buffer, { key, iv }: AesKeyMaterial): Buffer {
	const decipher = createDecipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

/** A streaming cipher (Node's default PKCS#7 padding), for batch parts spooled through files. */
export function createAesCipher(material: AesKeyMaterial): Cipher {
	assertAesKeyMaterial(material);
	return createCipheriv('aes-256-cbc', material.key, material.iv);
}
