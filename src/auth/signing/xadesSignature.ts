import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify, type BinaryLike, type KeyLike } from 'node:crypto';
import { SignedXml, type SignatureAlgorithm } from 'xml-crypto';
import { issuerName, serialNumberDecimal } from './certificateFacts';
import type { SigningIdentity, XadesSignatureAlgorithm } from './signingIdentity';

/**
 * An enveloped XAdES-BES signature, as `auth/podpis-xades.md` accepts it: exclusive C14N, SHA-256 digests,
 * RSA-SHA256 or ECDSA-SHA256 (R||S), a reference to the whole document (enveloped-signature transform) and one to
 * the SignedProperties carrying SigningTime and SigningCertificate (the certificate's SHA-256 digest).
 * Canonicalisation and reference digests come from xml-crypto; the XAdES properties are ours.
 */
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

export const SIGNATURE_METHODS: Record<XadesSignatureAlgorithm, string> = {
	'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
	'ecdsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
};

/** XMLDSig 1.1 wants ECDSA signatures as the fixed-width R||S concatenation, not DER (RFC 4050 §3.3). */
class EcdsaSha256 implements SignatureAlgorithm {
	getSignature(signedInfo: BinaryLike, privateKey: KeyLike): string;
	getSignature(signedInfo: BinaryLike, privateKey: KeyLike, callback?: (err: Error | null, result?: string) => void): void;
	getSignature(signedInfo: BinaryLike, privateKey: KeyLike, callback?: (err: Error | null, result?: string) => void): string | void {
		const value = sign('sha256', Buffer.from(signedInfo as string), { key: asKey(privateKey, createPrivateKey), dsaEncoding: 'ieee-p1363' }).toString('base64');
		if (callback) return callback(null, value);
		return value;
	}

	verifySignature(material: string, key: KeyLike, signatureValue: string): boolean;
	verifySignature(material: string, key: KeyLike, signatureValue: string, callback?: (err: Error | null, result?: boolean) => void): void;
	verifySignature(material: string, key: KeyLike, signatureValue: string, callback?: (err: Error | null, result?: boolean) => void): boolean | void {
		const ok = verify('sha256', Buffer.from(material), { key: asKey(key, createPublicKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureValue, 'base64'));
		if (callback) return callback(null, ok);
		return ok;
	}

	getAlgorithmName(): string {
		return SIGNATURE_METHODS['ecdsa-sha256'];
	}
}

function asKey(key: KeyLike, read: (pem: string | Buffer) => KeyObject): KeyObject {
	return key instanceof KeyObject ? key : read(key);
}

/** Registers the ECDSA method on a SignedXml, for signing and for checking. */
export function withEcdsa(signedXml: SignedXml): SignedXml {
	signedXml.SignatureAlgorithms[SIGNATURE_METHODS['ecdsa-sha256']] = EcdsaSha256;
	return signedXml;
}

export interface SignOptions {
	/** Signing time written into the XAdES properties (defaults to now). */
	signingTime?: Date;
}

/** Signs `xml` (a complete document) and returns it with the ds:Signature appended to its root element. */
export function signXades(xml: string, identity: SigningIdentity, options: SignOptions = {}): string {
	const id = randomUUID();
	const signatureId = `Signature-${id}`;
	const signedPropertiesId = `SignedProperties-${id}`;
	const certificateDer = identity.certificate.raw;
	const signingTime = (options.signingTime ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const qualifyingProperties =
		`<xades:QualifyingProperties xmlns:xades="${XADES}" Target="#${signatureId}">` +
		`<xades:SignedProperties Id="${signedPropertiesId}">` +
		'<xades:SignedSignatureProperties>' +
		`<xades:SigningTime>${signingTime}</xades:SigningTime>` +
		'<xades:SigningCertificate><xades:Cert>' +
		`<xades:CertDigest><ds:DigestMethod Algorithm="${SHA256}"/>` +
		`<ds:DigestValue>${createHash('sha256').update(certificateDer).digest('base64')}</ds:DigestValue></xades:CertDigest>` +
		'<xades:IssuerSerial>' +
		`<ds:X509IssuerName>${escapeText(issuerName(identity.certificate))}</ds:X509IssuerName>` +
		`<ds:X509SerialNumber>${serialNumberDecimal(identity.certificate)}</ds:X509SerialNumber>` +
		'</xades:IssuerSerial>' +
		'</xades:Cert></xades:SigningCertificate>' +
		'</xades:SignedSignatureProperties>' +
		'</xades:SignedProperties>' +
		'</xades:QualifyingProperties>';

	const signedXml = withEcdsa(
		new SignedXml({
			privateKey: identity.privateKey.export({ type: 'pkcs8', format: 'pem' }),
			publicCert: identity.certificate.toString(),
			signatureAlgorithm: SIGNATURE_METHODS[identity.algorithm],
			canonicalizationAlgorithm: EXC_C14N,
			objects: [{ content: qualifyingProperties }],
		}),
	);
	signedXml.addReference({
		xpath: '/*',
		isEmptyUri: true,
		transforms: [ENVELOPED, EXC_C14N],
		digestAlgorithm: SHA256,
	});
	signedXml.addReference({
		xpath: `//*[local-name(.)='SignedProperties' and namespace-uri(.)='${XADES}']`,
		transforms: [EXC_C14N],
		digestAlgorithm: SHA256,
		type: SIGNED_PROPERTIES_TYPE,
	});
	signedXml.computeSignature(xml, {
		prefix: 'ds',
		attrs: { Id: signatureId },
		location: { reference: '/*', action: 'append' },
		existingPrefixes: { ds: DS },
	});
	return signedXml.getSignedXml();
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
