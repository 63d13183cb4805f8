/**
 * Certificates for XAdES sign-in, as the simulator's tests and demo need them: KSeF-style Authentication and
 * Offline certificates issued by the simulator's own CA (the way the KSeF application issues them), and
 * self-signed ones as TEST accepts (`auth/testowe-certyfikaty-i-podpisy-xades.md`). Person certificates carry
 * `serialNumber` TINPL-/PNOPL-, seals `organizationIdentifier` VATPL-, as `auth/podpis-xades.md` describes.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { bits, booleanTrue, explicit, integer, nullValue, octets, oid, printable, seq, set, time, utf8 } from './der';

export type CertificateKind = 'Authentication' | 'Offline';

export type CertificateSubject =
	| { person: { givenName: string; surname: string; nip?: string; pesel?: string } }
	| { seal: { organizationName: string; nip: string } }
	/** Neither PESEL nor NIP: only usable with `certificateFingerprint`. */
	| { commonName: string };

export interface IssueOptions {
	subject: CertificateSubject;
	kind?: CertificateKind;
	keyType?: 'rsa' | 'ec';
	rsaBits?: number;
	ecCurve?: 'prime256v1' | 'secp384r1' | 'secp224r1';
	validFrom?: Date;
	validTo?: Date;
	/** Self-signed (TEST-style) instead of issued by the simulator CA. */
	selfSigned?: boolean;
}

export interface IssuedCertificate {
	certificatePem: string;
	/** Unencrypted PKCS#8 PEM. */
	privateKeyPem: string;
	privateKey: KeyObject;
	certificate: X509Certificate;
	/** Upper-case hex, as KSeF shows certificate serial numbers. */
	serialNumber: string;
	/** SHA-256 of the DER certificate, upper-case hex. */
	fingerprint: string;
}

export interface CertificateAuthority {
	certificate: X509Certificate;
	issue(options: IssueOptions): IssuedCertificate;
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), nullValue);
const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function attribute(type: string, value: Buffer): Buffer {
	return set(seq(oid(type), value));
}

function subjectName(subject: CertificateSubject): Buffer {
	const country = attribute('2.5.4.6', printable('PL'));
	if ('person' in subject) {
		const { givenName, surname, nip, pesel } = subject.person;
		const serial = pesel ? `PNOPL-${pesel}` : `TINPL-${nip}`;
		return seq(
			country,
			attribute('2.5.4.42', utf8(givenName)),
			attribute('2.5.4.4', utf8(surname)),
			attribute('2.5.4.5', printable(serial)),
			attribute('2.5.4.3', utf8(`${givenName} ${surname}`)),
		);
	}
	if ('seal' in subject) {
		return seq(
			country,
			attribute('2.5.4.10', utf8(subject.seal.organizationName)),
			attribute('2.5.4.97', utf8(`VATPL-${subject.seal.nip}`)),
			attribute('2.5.4.3', utf8(subject.seal.organizationName)),
		);
	}
	return seq(country, attribute('2.5.4.3', utf8(subject.commonName)));
}

/** keyUsage: Authentication = digitalSignature (80), Offline = nonRepudiation (40), as `certyfikaty-KSeF.md` lists. */
function keyUsageExtension(kind: CertificateKind): Buffer {
	const usage = kind === 'Authentication' ? bits(Buffer.from([0x80]), 7) : bits(Buffer.from([0x40]), 6);
	return seq(oid('2.5.29.15'), booleanTrue, octets(usage));
}

function signatureAlgorithmOf(key: KeyObject): Buffer {
	return key.asymmetricKeyType === 'ec' ? ECDSA_WITH_SHA256 : SHA256_WITH_RSA;
}

function buildCertificate(
	subject: Buffer,
	issuer: Buffer,
	publicKey: KeyObject,
	signerKey: KeyObject,
	validFrom: Date,
	validTo: Date,
	extensions: Buffer[],
): X509Certificate {
	const algorithm = signatureAlgorithmOf(signerKey);
	const serial = randomBytes(8);
	serial[0] = (serial[0] & 0x7f) | 0x10;
	const tbs = seq(
		explicit(0, integer(Buffer.from([2]))),
		integer(serial),
		algorithm,
		issuer,
		seq(time(validFrom), time(validTo)),
		subject,
		publicKey.export({ type: 'spki', format: 'der' }),
		explicit(3, seq(...extensions)),
	);
	const signature = sign('sha256', tbs, signerKey);
	return new X509Certificate(seq(tbs, algorithm, bits(signature)));
}

function generateKey(options: IssueOptions): { publicKey: KeyObject; privateKey: KeyObject } {
	if (options.keyType === 'ec') return generateKeyPairSync('ec', { namedCurve: options.ecCurve ?? 'prime256v1' });
	return generateKeyPairSync('rsa', { modulusLength: options.rsaBits ?? 2048 });
}

function describe(certificate: X509Certificate, privateKey: KeyObject): IssuedCertificate {
	return {
		certificatePem: certificate.toString(),
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		privateKey,
		certificate,
		serialNumber: certificate.serialNumber.toUpperCase(),
		fingerprint: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
	};
}

export function createCertificateAuthority(now = new Date()): CertificateAuthority {
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const name = seq(attribute('2.5.4.6', printable('PL')), attribute('2.5.4.10', utf8('KSeF Simulator')), attribute('2.5.4.3', utf8('KSeF Simulator CA')));
	const caCertificate = buildCertificate(
		name,
		name,
		publicKey,
		privateKey,
		new Date(now.getTime() - 24 * 3_600_000),
		new Date(now.getTime() + 5 * 365 * 24 * 3_600_000),
		[seq(oid('2.5.29.15'), booleanTrue, octets(bits(Buffer.from([0x06]), 1)))],
	);
	return {
		certificate: caCertificate,
		issue(options) {
			const key = generateKey(options);
			const validFrom = options.validFrom ?? new Date(Date.now() - 3_600_000);
			const validTo = options.validTo ?? new Date(validFrom.getTime() + 2 * 365 * 24 * 3_600_000);
			const subject = subjectName(options.subject);
			const certificate = buildCertificate(
				subject,
				options.selfSigned ? subject : name,
				key.publicKey,
				options.selfSigned ? key.privateKey : privateKey,
				validFrom,
				validTo,
				[keyUsageExtension(options.kind ?? 'Authentication')],
			);
			return describe(certificate, key.privateKey);
		},
	};
}
