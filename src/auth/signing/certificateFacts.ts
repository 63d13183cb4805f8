import { createHash, type X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/**
 * What KSeF reads from a signing certificate, taken from the certificate itself: who it identifies (the
 * patterns of `auth/podpis-xades.md`), whether it may sign in (key usage), and its SHA-256 fingerprint.
 */
export type SubjectIdentifier = { type: 'Nip' | 'Pesel'; value: string; source: 'serialNumber' | 'organizationIdentifier' };

/** serialNumber (2.5.4.5) for people, organizationIdentifier (2.5.4.97) for seals, as the docs list them. */
const PERSON_PATTERNS: Array<{ type: 'Pesel' | 'Nip'; pattern: RegExp }> = [
	{ type: 'Pesel', pattern: /(PNOPL|PESEL).*?(\d{11})/ },
	{ type: 'Nip', pattern: /(TINPL|NIP).*?(\d{10})/ },
];
const SEAL_PATTERN = /(VATPL).*?(\d{10})/;

/** Subject attributes as `name=value` pairs, in certificate order (node:crypto prints one per line). */
export function subjectAttributes(certificate: X509Certificate): Array<[string, string]> {
	return certificate.subject
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const at = line.indexOf('=');
			return [line.slice(0, at), line.slice(at + 1)] as [string, string];
		});
}

export function subjectIdentifier(certificate: X509Certificate): SubjectIdentifier | undefined {
	for (const [name, value] of subjectAttributes(certificate)) {
		if (name === 'serialNumber') {
			for (const { type, pattern } of PERSON_PATTERNS) {
				const match = pattern.exec(value);
				if (match) return { type, value: match[2], source: 'serialNumber' };
			}
		}
		if (name === 'organizationIdentifier' || name === '2.5.4.97') {
			const match = SEAL_PATTERN.exec(value);
			if (match) return { type: 'Nip', value: match[2], source: 'organizationIdentifier' };
		}
	}
	return undefined;
}

/** SHA-256 of the DER certificate, upper-case hex: what `certificateFingerprint` permissions are granted on. */
export function certificateFingerprint(certificate: X509Certificate): string {
	return createHash('sha256').update(certificate.raw).digest('hex').toUpperCase();
}

export interface KeyUsageBits {
	digitalSignature: boolean;
	nonRepudiation: boolean;
}

const KEY_USAGE_OID = '2.5.29.15';

/**
 * The keyUsage extension (node:crypto does not expose it). KSeF Authentication certificates carry
 * digitalSignature; Offline certificates only nonRepudiation and cannot sign in. Undefined: no such extension.
 */
export function keyUsage(certificate: X509Certificate): KeyUsageBits | undefined {
	const cert = forge.asn1.fromDer(forge.util.createBuffer(certificate.raw.toString('binary')));
	const tbs = (cert.value as forge.asn1.Asn1[])[0];
	const explicitExtensions = (tbs.value as forge.asn1.Asn1[]).find(
		(node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 3,
	);
	const extensions = (explicitExtensions?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value as forge.asn1.Asn1[] | undefined;
	for (const extension of extensions ?? []) {
		const parts = extension.value as forge.asn1.Asn1[];
		if (forge.asn1.derToOid(forge.util.createBuffer(parts[0].value as string)) !== KEY_USAGE_OID) continue;
		const octets = parts[parts.length - 1].value as string;
		const bitString = forge.asn1.fromDer(forge.util.createBuffer(octets));
		const bytes = bitString.value as string;
		// First byte of a BIT STRING is the count of unused bits; bit 0 (0x80) digitalSignature, bit 1 (0x40) nonRepudiation.
		const first = bytes.length > 1 ? bytes.charCodeAt(1) : 0;
		return { digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
	}
	return undefined;
}

/** RFC 4514 form of the issuer name for `X509IssuerName`: most specific attribute first, specials escaped. */
export function issuerName(certificate: X509Certificate): string {
	const escape = (value: string) => value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
	return certificate.issuer
		.split('\n')
		.filter(Boolean)
		.reverse()
		.map((line) => {
			const at = line.indexOf('=');
			return `${line.slice(0, at)}=${escape(line.slice(at + 1))}`;
		})
		.join(',');
}

/** The serial number as a decimal integer, which `X509SerialNumber` requires (node:crypto gives hex). */
export function serialNumberDecimal(certificate: X509Certificate): string {
	return BigInt(`0x${certificate.serialNumber}`).toString(10);
}
