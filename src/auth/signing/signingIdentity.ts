import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { KsefInputError } from '../../errors/KsefInputError';
import { certificateFingerprint, keyUsage, subjectIdentifier, type SubjectIdentifier } from './certificateFacts';

/** Certificate material as a person has it: the KSeF application's `.crt` + `.key` pair, or a PKCS#12 bundle. */
export type CertificateMaterial =
	| { format: 'pem'; certificate: string; privateKey: string; password?: string }
	| { format: 'pkcs12'; pkcs12Base64: string; password?: string };

export type XadesSignatureAlgorithm = 'rsa-sha256' | 'ecdsa-sha256';

/** A certificate and its private key, checked to belong together and to be usable for KSeF sign-in. */
export interface SigningIdentity {
	certificate: X509Certificate;
	privateKey: KeyObject;
	algorithm: XadesSignatureAlgorithm;
	/** The PESEL/NIP KSeF reads from the certificate (certificateSubject), if it carries one. */
	subject?: SubjectIdentifier;
	/** SHA-256 of the certificate, upper-case hex (certificateFingerprint). */
	fingerprint: string;
}

// auth/podpis-xades.md: RSA keys of at least 2048 bits, curves of at least 256 bits.
const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;

const PEM_FIX = 'Paste the whole PEM text, including the -----BEGIN …----- and -----END …----- lines.';

export function loadSigningIdentity(material: CertificateMaterial, now = new Date()): SigningIdentity {
	const { certificate, privateKey } = readCertificateMaterial(material);
	return checkIdentity(certificate, privateKey, now);
}

/** The certificate and private key of PEM texts or a PKCS#12 bundle, unchecked (each use checks what it needs). */
export function readCertificateMaterial(material: CertificateMaterial): { certificate: X509Certificate; privateKey: KeyObject } {
	return material.format === 'pem' ? fromPem(material) : fromPkcs12(material);
}

function fromPem(material: { certificate: string; privateKey: string; password?: string }): {
	certificate: X509Certificate;
	privateKey: KeyObject;
} {
	const certificateText = material.certificate.trim();
	if (!certificateText) throw new KsefInputError('Certificate', 'is empty', `Paste the .crt file the KSeF application gave you. ${PEM_FIX}`);
	let certificate: X509Certificate;
	try {
		certificate = new X509Certificate(normalisePem(certificateText, 'CERTIFICATE'));
	} catch {
		throw new KsefInputError('Certificate', 'is not a readable X.509 certificate', PEM_FIX);
	}
	const keyText = material.privateKey.trim();
	if (!keyText) throw new KsefInputError('Private Key', 'is empty', `Paste the .key file that belongs to the certificate. ${PEM_FIX}`);
	return { certificate, privateKey: readPrivateKey(keyText, material.password) };
}

function readPrivateKey(pem: string, password: string | undefined): KeyObject {
	const encrypted = /ENCRYPTED/.test(pem);
	if (encrypted && !password) {
		throw new KsefInputError('Private Key Password', 'is empty but the private key is encrypted', 'Enter the password you chose when generating the key in the KSeF application.');
	}
	try {
		return createPrivateKey({ key: normalisePem(pem, 'PRIVATE KEY'), format: 'pem', passphrase: password || undefined });
	} catch (error) {
		if (encrypted) {
			throw new KsefInputError('Private Key Password', 'does not open the private key', 'Check the password (it is case-sensitive), or paste the key file that belongs to this certificate.');
		}
		throw new KsefInputError('Private Key', `is not a readable private key (${(error as Error).message.replace(/\s+/g, ' ')})`, PEM_FIX);
	}
}

function fromPkcs12(material: { pkcs12Base64: string; password?: string }): { certificate: X509Certificate; privateKey: KeyObject } {
	const base64 = material.pkcs12Base64.replace(/\s+/g, '');
	if (!base64) throw new KsefInputError('PKCS#12 Bundle', 'is empty', 'Paste the .p12/.pfx file as Base64 (for example the output of `base64 -w0 file.p12`).');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
		throw new KsefInputError('PKCS#12 Bundle', 'is not Base64', 'Paste the .p12/.pfx file as Base64 (for example the output of `base64 -w0 file.p12`), not the binary file or a PEM text.');
	}
	let p12: forge.pkcs12.Pkcs12Pfx;
	try {
		const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(base64, 'base64').toString('binary')));
		p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, material.password ?? '');
	} catch (error) {
		const text = (error as Error).message;
		if (/password|mac/i.test(text)) {
			throw new KsefInputError('Bundle Password', 'does not open the PKCS#12 bundle', 'Check the password (it is case-sensitive).');
		}
		throw new KsefInputError('PKCS#12 Bundle', 'is not a readable PKCS#12 (.p12/.pfx) file', 'Export the certificate with its private key as .p12/.pfx and paste it as Base64.');
	}
	const keyBags = [
		...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
		...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
	];
	const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
	if (keyBags.length === 0) throw new KsefInputError('PKCS#12 Bundle', 'holds no private key', 'Export the certificate together with its private key.');
	if (certBags.length === 0) throw new KsefInputError('PKCS#12 Bundle', 'holds no certificate', 'Export the certificate together with its private key.');
	// forge decodes RSA keys itself; for EC keys (what the KSeF application generates by default) it keeps the
	// decrypted PrivateKeyInfo, which node:crypto reads.
	const privateKeys = keyBags.map((bag) => {
		const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
		return createPrivateKey({ key: Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
	});
	const certificates = certBags.map(
		(bag) => new X509Certificate(Buffer.from(forge.asn1.toDer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1).getBytes(), 'binary')),
	);
	// A bundle may carry the issuer chain too: the signing certificate is the one whose key is in the bundle.
	for (const privateKey of privateKeys) {
		const certificate = certificates.find((candidate) => sameKey(candidate, privateKey));
		if (certificate) return { certificate, privateKey };
	}
	return { certificate: certificates[0], privateKey: privateKeys[0] };
}

/** The certificate's validity period at `now`; `field` names it in the message, `renewFix` says how to get a new one. */
export function checkValidity(certificate: X509Certificate, now: Date, field: string, renewFix: string): void {
	const validFrom = new Date(certificate.validFrom);
	const validTo = new Date(certificate.validTo);
	if (now < validFrom) throw new KsefInputError(field, `is not valid yet (valid from ${validFrom.toISOString()})`, 'Wait until then, or check the clock of the n8n machine.');
	if (now >= validTo) throw new KsefInputError(field, `expired on ${validTo.toISOString()}`, renewFix);
}

export function sameKey(certificate: X509Certificate, privateKey: KeyObject): boolean {
	const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
	return fromKey.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }));
}

function checkIdentity(certificate: X509Certificate, privateKey: KeyObject, now: Date): SigningIdentity {
	if (!sameKey(certificate, privateKey)) {
		throw new KsefInputError('Private Key', 'does not belong to the certificate', 'Use the key file generated together with this certificate (the KSeF application gives them as a pair).');
	}
	const algorithm = algorithmFor(privateKey);
	checkValidity(certificate, now, 'Certificate', 'Request a new Authentication certificate in the KSeF application (Certyfikaty → Wniosek o certyfikat) and update the credential.');
	const usage = keyUsage(certificate);
	if (usage && !usage.digitalSignature) {
		throw new KsefInputError(
			'Certificate',
			usage.nonRepudiation ? 'is a KSeF Offline certificate, which cannot sign in' : 'does not allow digital signatures (key usage)',
			'Use a certificate of type Authentication (Uwierzytelnianie) from the KSeF application; Offline certificates only sign offline invoices (KOD II).',
		);
	}
	return { certificate, privateKey, algorithm, subject: subjectIdentifier(certificate), fingerprint: certificateFingerprint(certificate) };
}

function algorithmFor(key: KeyObject): XadesSignatureAlgorithm {
	const details = key.asymmetricKeyDetails ?? {};
	if (key.asymmetricKeyType === 'rsa') {
		if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
			throw new KsefInputError('Private Key', `is RSA with ${details.modulusLength} bits; KSeF requires at least ${MIN_RSA_BITS}`, 'Generate a new certificate with a longer key.');
		}
		return 'rsa-sha256';
	}
	if (key.asymmetricKeyType === 'ec') {
		const curve = details.namedCurve ?? '';
		const bits = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }[curve] ?? 0;
		if (bits < MIN_EC_BITS) {
			throw new KsefInputError('Private Key', `uses the curve ${curve || 'unknown'}; KSeF accepts curves of at least ${MIN_EC_BITS} bits`, 'Generate a new certificate with an EC P-256 (or larger) or RSA 2048 key.');
		}
		return 'ecdsa-sha256';
	}
	throw new KsefInputError('Private Key', `is of type ${key.asymmetricKeyType}; KSeF accepts RSA and EC (ECDSA) keys`, 'Generate the certificate with an RSA or EC key.');
}

/** Accepts PEM pasted with lost line breaks (n8n's single-line fields do that) by re-wrapping the Base64 body. */
export function normalisePem(text: string, label: string): string {
	const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
	if (!match) return text;
	const body = match[2].replace(/\s+/g, '');
	const headerLines = /Proc-Type/.test(match[2]) ? match[2].trim() : body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
	return `-----BEGIN ${match[1] || label}-----\n${headerLines}\n-----END ${match[1] || label}-----\n`;
}
