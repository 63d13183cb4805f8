/**
 * The simulator's own MF-style key material: two RSA-2048 key pairs with self-signed X.509 certificates,
 * one per usage, as GET /security/public-key-certificates hands out. Certificates are built in DER by hand
 * (node:crypto parses X.509 but does not issue it), so clients parse a real certificate.
 */
import { createHash, generateKeyPairSync, privateDecrypt, constants, sign, type KeyObject } from 'node:crypto';

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

function der(tag: number, content: Buffer): Buffer {
	const len = content.length;
	let header: Buffer;
	if (len < 0x80) header = Buffer.from([tag, len]);
	else {
		const bytes: number[] = [];
		for (let n = len; n > 0; n >>= 8) bytes.unshift(n & 0xff);
		header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
	}
	return Buffer.concat([header, content]);
}

const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const nullValue = Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
	const parts = dotted.split('.').map(Number);
	const bytes = [parts[0] * 40 + parts[1]];
	for (const part of parts.slice(2)) {
		const chunk: number[] = [part & 0x7f];
		for (let n = part >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return der(0x06, Buffer.from(bytes));
}

/** A DER INTEGER: minimal encoding, so redundant leading zero bytes go (a random serial starts with one 1 time in 256). */
export function integer(value: Buffer): Buffer {
	let start = 0;
	while (start < value.length - 1 && value[start] === 0 && !(value[start + 1] & 0x80)) start++;
	const minimal = value.subarray(start);
	return der(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function time(date: Date): Buffer {
	const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
	return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2))) : der(0x18, Buffer.from(iso));
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
