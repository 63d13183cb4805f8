import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, privateDecrypt, constants, createHash } from 'node:crypto';
import { assertAesKeyMaterial, decryptAes256Cbc, encryptAes256Cbc, generateAesKeyMaterial } from '../../src/crypto/aes';
import { sha256Base64 } from '../../src/crypto/hash';

/** openssl is the independent implementation our ciphertexts and digests are checked against. */
function openssl(args: string[], input: Buffer): Buffer {
	return execFileSync('openssl', args, { input });
}

describe('AES-256-CBC / PKCS#7 as KSeF uses it', () => {
	const material = generateAesKeyMaterial();
	const opensslArgs = ['enc', '-aes-256-cbc', '-K', material.key.toString('hex'), '-iv', material.iv.toString('hex')];

	it.each([0, 1, 15, 16, 17, 1000])('matches openssl byte for byte for %i-byte input', (length) => {
		const plain = Buffer.from(Array.from({ length }, (_, i) => (i * 7) % 256));
		const ours = encryptAes256Cbc(plain, material);
		expect(ours.equals(openssl(opensslArgs, plain))).toBe(true);
		expect(ours.length % 16).toBe(0);
		expect(openssl([...opensslArgs, '-d'], ours).equals(plain)).toBe(true);
		expect(decryptAes256Cbc(ours, material).equals(plain)).toBe(true);
	});

	it('refuses an IV that is not 16 bytes (KSeF would leave such invoices at 150 forever)', () => {
		expect(() => assertAesKeyMaterial({ key: material.key, iv: Buffer.alloc(12) })).toThrow(/IV must be 16 bytes/);
		expect(() => encryptAes256Cbc(Buffer.from('x'), { key: Buffer.alloc(16), iv: material.iv })).toThrow(/key must be 32 bytes/);
	});
});

describe('SHA-256 in Base64', () => {
	it('matches openssl dgst', () => {
		const data = Buffer.from('<Faktura>zażółć gęślą jaźń</Faktura>');
		expect(sha256Base64(data)).toBe(openssl(['dgst', '-sha256', '-binary'], data).toString('base64'));
		expect(sha256Base64(data)).toHaveLength(44);
	});
});

describe('RSA-OAEP with SHA-256', () => {
	it('produces ciphertext openssl decrypts with OAEP SHA-256 (token|timestamp with | inside the token)', async () => {
		const { rsaOaepSha256Encrypt } = await import('../../src/crypto/rsa');
		const dir = mkdtempSync(join(tmpdir(), 'ksef-rsa-'));
		try {
			const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
			writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
			execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'key.pem'), '-subj', '/CN=test', '-days', '1', '-outform', 'DER', '-out', join(dir, 'cert.der')]);
			const certificateBase64 = readFileSync(join(dir, 'cert.der')).toString('base64');
			const plain = Buffer.from('20260101-EC-ABC|nip-9999999999|f00d|1767225600000');
			const encrypted = rsaOaepSha256Encrypt(certificateBase64, plain);
			writeFileSync(join(dir, 'enc.bin'), encrypted);
			const decrypted = execFileSync('openssl', [
				'pkeyutl', '-decrypt', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'enc.bin'),
				'-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
			]);
			expect(decrypted.equals(plain)).toBe(true);
			// and Node agrees, as a sanity check of the test itself
			expect(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encrypted).equals(plain)).toBe(true);
			expect(createHash('sha256').update(encrypted).digest()).toHaveLength(32);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
