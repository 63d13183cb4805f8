import type { KeyObject, X509Certificate } from 'node:crypto';
import { KsefInputError } from '../../errors/KsefInputError';
import { keyUsage } from './certificateFacts';
import { checkValidity, readCertificateMaterial, sameKey, type CertificateMaterial } from './signingIdentity';

/**
 * A KSeF Offline certificate and its key, for signing KOD II of invoices issued offline. Kept apart from
 * loadSigningIdentity on purpose: sign-in refuses Offline certificates, and KOD II must refuse Authentication ones
 * (KSeF's verification page rejects a KOD II signed with any other certificate type; kody-qr.md).
 */
export interface OfflineCertificate {
	certificate: X509Certificate;
	privateKey: KeyObject;
	/** Upper-case hex, as KOD II carries it. */
	serialNumber: string;
	algorithm: 'rsassa-pss-sha256' | 'ecdsa-p256-sha256';
}

const MIN_RSA_BITS = 2048;

export function loadOfflineCertificate(material: CertificateMaterial, now = new Date()): OfflineCertificate {
	const { certificate, privateKey } = readCertificateMaterial(material);
	if (!sameKey(certificate, privateKey)) {
		throw new KsefInputError('Offline Private Key', 'does not belong to the Offline certificate', 'Use the key file generated together with this certificate (the KSeF application gives them as a pair).');
	}
	checkValidity(certificate, now, 'Offline Certificate', 'Request a new Offline certificate in the KSeF application (Certyfikaty → Wniosek o certyfikat, type Offline).');
	const usage = keyUsage(certificate);
	if (usage && (!usage.nonRepudiation || usage.digitalSignature)) {
		throw new KsefInputError(
			'Offline Certificate',
			usage.digitalSignature ? 'is a KSeF Authentication certificate, which cannot sign KOD II' : 'does not allow non-repudiation signatures (key usage)',
			'Request a certificate of type Offline in the KSeF application; Authentication certificates only sign in.',
		);
	}
	return { certificate, privateKey, serialNumber: certificate.serialNumber.toUpperCase(), algorithm: algorithmFor(privateKey) };
}

// kody-qr.md: RSASSA-PSS with a key of at least 2048 bits, or ECDSA on P-256 (secp256r1) only.
function algorithmFor(key: KeyObject): OfflineCertificate['algorithm'] {
	const details = key.asymmetricKeyDetails ?? {};
	if (key.asymmetricKeyType === 'rsa') {
		if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
			throw new KsefInputError('Offline Private Key', `is RSA with ${details.modulusLength} bits; KOD II needs at least ${MIN_RSA_BITS}`, 'Request a new Offline certificate with a longer key.');
		}
		return 'rsassa-pss-sha256';
	}
	if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ecdsa-p256-sha256';
	throw new KsefInputError(
		'Offline Private Key',
		`is ${key.asymmetricKeyType === 'ec' ? `EC on ${details.namedCurve ?? 'an unknown curve'}` : key.asymmetricKeyType}; KOD II is signed with RSA (2048 bits or more) or ECDSA P-256`,
		'Request the Offline certificate with an RSA 2048 or EC P-256 key.',
	);
}
