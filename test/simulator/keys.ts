/**
 * The simulator's own MF-style key material: two RSA-2048 key pairs with self-signed X.509 certificates,
 * one per usage, as GET /security/public-key-certificates hands out. Certificates are built in DER by hand
 * (x509/der.ts), so clients parse a real certificate.
 */
import { createHash, generateKeyPairSync, privateDecrypt, constants, sign, type KeyObject } from 'node:crypto';
import { der, integer, nullValue, oid, seq, set, time } from './x509/der';

export type KeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

export interface PublicKeyCertificate {
	certificate: string;
	certificateId: string;
	publicKeyId: string;
	validFrom: string;
	validTo: string;
	usage: KeyUsage[];
}

export interface SimulatorKeys {
	certificates: PublicKeyCertificate[];
	/** RSA-OAEP (SHA-256, MGF1-SHA-256) decryption with the key of `usage`; throws on a wrong key or padding. */
	decrypt(usage: KeyUsage, data: Buffer): Buffer;
	publicKeyIdOf(usage: KeyUsage): string;
}

function name(commonName: string): Buffer {
	return seq(
		set(seq(oid('2.5.4.6'), der(0x13, Buffer.from('PL')))),
		set(seq(oid('2.5.4.10'), der(0x0c, Buffer.from('KSeF Simulator')))),
		set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(commonName)))),
	);
}

function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, commonName: string, validFrom: Date, validTo: Date): Buffer {
	const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), nullValue);
	const serial = createHash('sha256').update(commonName + validFrom.toISOString()).digest().subarray(0, 8);
	serial[0] &= 0x7f;
	const tbs = seq(
		der(0xa0, integer(Buffer.from([2]))),
		integer(serial),
		sha256WithRsa,
		name(commonName),
		seq(time(validFrom), time(validTo)),
		name(commonName),
		publicKey.export({ type: 'spki', format: 'der' }),
	);
	const signature = sign('sha256', tbs, privateKey);
	return seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

export function createKeys(now = new Date()): SimulatorKeys {
	const validFrom = new Date(now.getTime() - 24 * 3_600_000);
	const validTo = new Date(now.getTime() + 2 * 365 * 24 * 3_600_000);
	const pairs = new Map<KeyUsage, { privateKey: KeyObject; cert: PublicKeyCertificate }>();
	for (const usage of ['KsefTokenEncryption', 'SymmetricKeyEncryption'] as const) {
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const certificate = selfSignedCertificate(publicKey, privateKey, `KSeF Simulator ${usage}`, validFrom, validTo);
		const spki = publicKey.export({ type: 'spki', format: 'der' });
		pairs.set(usage, {
			privateKey,
			cert: {
				certificate: certificate.toString('base64'),
				certificateId: createHash('sha256').update(certificate).digest('hex').slice(0, 32).toUpperCase(),
				publicKeyId: createHash('sha256').update(spki).digest('base64'),
				validFrom: validFrom.toISOString(),
				validTo: validTo.toISOString(),
				usage: [usage],
			},
		});
	}
	const pair = (usage: KeyUsage) => {
		const found = pairs.get(usage);
		if (!found) throw new Error(`no key for ${usage}`);
		return found;
	};
	return {
		certificates: [...pairs.values()].map((p) => p.cert),
		decrypt: (usage, data) =>
			privateDecrypt({ key: pair(usage).privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data),
		publicKeyIdOf: (usage) => pair(usage).cert.publicKeyId,
	};
}
