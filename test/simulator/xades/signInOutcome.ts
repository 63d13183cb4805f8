/**
 * How a XAdES sign-in ends once KSeF has looked at the certificate (the "later" part, after the 202): 460 for a
 * certificate that is not valid now, revoked, not for authentication (Offline) or untrusted when the chain is to be
 * verified; the signer identified as `auth/podpis-xades.md` says; 415 when that signer has no permission in the
 * context; 480 for a blocked context; 200 otherwise. Self-signed certificates pass, as on TEST.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import type { AuthMethodRecord, StatusInfo, SubjectRecord } from '../state';
import type { VerifiedRequest } from './verifySignedRequest';

const certificateError = (detail: string): StatusInfo => ({
	code: 460,
	description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu',
	details: [detail],
});
const NO_PERMISSIONS: StatusInfo = {
	code: 415,
	description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu braku nadanych uprawnień',
	details: ['Podmiot uwierzytelniający nie posiada uprawnień w kontekście.'],
};
/** Final statuses token and certificate sign-ins share. */
export const AUTH_BLOCKED: StatusInfo = {
	code: 480,
	description: 'Uwierzytelnienie zablokowane',
	details: ['Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez formularz zgłoszeniowy.'],
};
export const AUTH_OK: StatusInfo = { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' };

export interface SignInFacts {
	request: VerifiedRequest;
	nowMs: number;
	verifyCertificateChain: boolean;
	issuer: X509Certificate;
	revokedSerials: string[];
	context: SubjectRecord | undefined;
}

/** The signer's identifier as KSeF derives it: `Pesel:…`/`Nip:…` from the subject, or `Fingerprint:…`. */
export function signerIdentifier(certificate: X509Certificate, type: VerifiedRequest['subjectIdentifierType']): string | undefined {
	if (type === 'certificateFingerprint') return `Fingerprint:${createHash('sha256').update(certificate.raw).digest('hex').toUpperCase()}`;
	const attributes = certificate.subject.split('\n');
	for (const line of attributes) {
		const [name, ...rest] = line.split('=');
		const value = rest.join('=');
		if (name === 'serialNumber') {
			const pesel = /(PNOPL|PESEL).*?(\d{11})/.exec(value);
			if (pesel) return `Pesel:${pesel[2]}`;
			const nip = /(TINPL|NIP).*?(\d{10})/.exec(value);
			if (nip) return `Nip:${nip[2]}`;
		}
		if (name === 'organizationIdentifier') {
			const nip = /(VATPL).*?(\d{10})/.exec(value);
			if (nip) return `Nip:${nip[2]}`;
		}
	}
	return undefined;
}

function keyUsageBits(certificate: X509Certificate): number | undefined {
	// keyUsage is OID 2.5.29.15 (06 03 55 1D 0F), then optional BOOLEAN, then OCTET STRING { BIT STRING }.
	const raw = certificate.raw;
	const at = raw.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]));
	if (at < 0) return undefined;
	let i = at + 5;
	if (raw[i] === 0x01) i += 3;
	if (raw[i] !== 0x04) return undefined;
	const bitString = i + 2;
	return raw[bitString] === 0x03 && raw[bitString + 1] >= 2 ? raw[bitString + 3] : 0;
}

function methodOf(certificate: X509Certificate, issuer: X509Certificate, identifier: string): AuthMethodRecord {
	if (certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey)) {
		return { authenticationMethod: 'InternalCertificate', category: 'XadesSignature', code: 'Certificate.Internal', displayName: 'Certyfikat KSeF' };
	}
	if (certificate.subject.includes('organizationIdentifier=')) {
		return { authenticationMethod: 'QualifiedSeal', category: 'XadesSignature', code: 'Certificate.QualifiedSeal', displayName: 'Pieczęć kwalifikowana' };
	}
	return {
		authenticationMethod: identifier.startsWith('Fingerprint:') ? 'PersonalSignature' : 'QualifiedSignature',
		category: 'XadesSignature',
		code: 'Certificate.QualifiedSignature',
		displayName: 'Podpis kwalifikowany',
	};
}

export function signInOutcome(facts: SignInFacts): { status: StatusInfo; method: AuthMethodRecord } {
	const { certificate, subjectIdentifierType, context } = facts.request;
	const identifier = signerIdentifier(certificate, subjectIdentifierType);
	const method = methodOf(certificate, facts.issuer, identifier ?? 'Fingerprint:');
	const fail = (status: StatusInfo) => ({ status, method });

	if (facts.nowMs < Date.parse(certificate.validFrom) || facts.nowMs >= Date.parse(certificate.validTo)) return fail(certificateError('Nieważny certyfikat.'));
	if (facts.revokedSerials.includes(certificate.serialNumber.toUpperCase())) return fail(certificateError('Certyfikat odwołany.'));
	const usage = keyUsageBits(certificate);
	if (usage !== undefined && (usage & 0x80) === 0) return fail(certificateError('Niepoprawny certyfikat.'));
	const issuedBySimulator = method.authenticationMethod === 'InternalCertificate';
	if (facts.verifyCertificateChain && !issuedBySimulator) return fail(certificateError('Niezaufany łańcuch certyfikatów.'));
	if (!identifier) return fail(certificateError('Niepoprawny certyfikat.'));

	if (context.type !== 'Nip' || !facts.context) return fail(NO_PERMISSIONS);
	const holders = new Set([`Nip:${facts.context.nip}`, ...(facts.context.certificateHolders ?? [])]);
	if (!holders.has(identifier)) return fail(NO_PERMISSIONS);
	if (facts.context.authenticationBlocked) return fail(AUTH_BLOCKED);
	return { status: AUTH_OK, method };
}
