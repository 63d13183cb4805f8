/**
 * What KSeF checks at POST /auth/xades-signature before answering 202, per `auth/podpis-xades.md` and the
 * operation's 400 table: a readable document (21001), the AuthTokenRequest schema (21401), exactly one signature
 * (9102/9103), no detached signature, only the accepted transforms and algorithms, a signature and references that
 * verify, XAdES signed properties that name this very certificate (9105), and a readable certificate (21115).
 * The signature itself is checked with xml-crypto; the test suite also checks the client's signatures with
 * xmlsec1, a verifier independent of both.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { withEcdsa } from '../../../src/auth/signing/xadesSignature';
import { badRequest, type SimError } from '../errors';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES_NAMESPACES = ['http://uri.etsi.org/01903/v1.3.2#', 'http://uri.etsi.org/01903/v1.4.1#'];
const AUTH_NAMESPACES = ['http://ksef.mf.gov.pl/auth/token/2.0', 'http://ksef.mf.gov.pl/auth/token/2.1'];

const ALLOWED_TRANSFORMS = new Set([
	'http://www.w3.org/TR/1999/REC-xpath-19991116',
	'http://www.w3.org/2002/06/xmldsig-filter2',
	'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
	'http://www.w3.org/2000/09/xmldsig#base64',
	'http://www.w3.org/2006/12/xml-c14n11',
	'http://www.w3.org/2006/12/xml-c14n11#WithComments',
	'http://www.w3.org/2001/10/xml-exc-c14n#',
	'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
	'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
	'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
const RSA_METHODS = [
	'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
	'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
	'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
	'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
	'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
];
const ECDSA_METHODS = [
	'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
	'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
	'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
	'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
];
const DIGESTS: Record<string, string> = {
	'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
	'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
	'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
	'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export interface VerifiedRequest {
	challenge: string;
	context: { type: 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId'; value: string };
	subjectIdentifierType: 'certificateSubject' | 'certificateFingerprint';
	certificate: X509Certificate;
}

const invalidSignature = (detail: string): SimError => badRequest(9105, 'Nieprawidłowy podpis.', [detail]);
const notSchemaValid = (detail: string): SimError => badRequest(21401, 'Dokument nie jest zgodny ze schemą (xsd).', [detail]);

function elements(parent: Node, namespaces: string[], localName: string): Element[] {
	const found: Element[] = [];
	const walk = (node: Node) => {
		for (let child = node.firstChild; child; child = child.nextSibling) {
			if (child.nodeType !== 1) continue;
			const element = child as Element;
			if (element.localName === localName && namespaces.includes(element.namespaceURI ?? '')) found.push(element);
			walk(element);
		}
	};
	walk(parent);
	return found;
}

function childElements(parent: Element): Element[] {
	const children: Element[] = [];
	for (let child = parent.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) children.push(child as Element);
	return children;
}

function parse(xml: string): Document {
	// KSeF reads no DTDs; a document declaring one is as unreadable as a broken one.
	if (/<!DOCTYPE/i.test(xml)) throw badRequest(21001, 'Nieczytelna treść.', ['Dokument zawiera deklarację DOCTYPE.']);
	const problems: string[] = [];
	const doc = new DOMParser({
		errorHandler: { warning: () => undefined, error: (m: string) => problems.push(m), fatalError: (m: string) => problems.push(m) },
	}).parseFromString(xml, 'application/xml');
	if (problems.length > 0 || !doc.documentElement) throw badRequest(21001, 'Nieczytelna treść.', problems.slice(0, 1));
	return doc;
}

/** The AuthTokenRequest's own fields, checked as its XSD would (schemat_auth_v2-0 / v2-1). */
function readRequest(doc: Document): Omit<VerifiedRequest, 'certificate'> {
	const request = elements(doc, AUTH_NAMESPACES, 'AuthTokenRequest')[0];
	if (!request) throw notSchemaValid('Brak elementu AuthTokenRequest w przestrzeni nazw http://ksef.mf.gov.pl/auth/token/2.0 lub 2.1.');
	const fields = childElements(request).filter((e) => e.namespaceURI !== DS);
	const names = fields.map((e) => e.localName);
	const expected = ['Challenge', 'ContextIdentifier', 'SubjectIdentifierType'];
	if (names.slice(0, 3).join() !== expected.join() || names.slice(3).some((n) => n !== 'AuthorizationPolicy')) {
		throw notSchemaValid(`Oczekiwano elementów ${expected.join(', ')}; otrzymano ${names.join(', ') || 'brak'}.`);
	}
	const challenge = (fields[0].textContent ?? '').trim();
	if (!/^\d{8}-CR-[A-F0-9]{10}-[A-F0-9]{10}-[A-F0-9]{2}$/.test(challenge)) throw notSchemaValid(`Nieprawidłowa wartość Challenge: ${challenge}`);
	const contextChildren = childElements(fields[1]);
	const contextType = contextChildren[0]?.localName;
	if (contextChildren.length !== 1 || !['Nip', 'InternalId', 'NipVatUe', 'PeppolId'].includes(contextType ?? '')) {
		throw notSchemaValid('ContextIdentifier musi zawierać dokładnie jeden z elementów Nip, InternalId, NipVatUe, PeppolId.');
	}
	const subjectIdentifierType = (fields[2].textContent ?? '').trim();
	if (subjectIdentifierType !== 'certificateSubject' && subjectIdentifierType !== 'certificateFingerprint') {
		throw notSchemaValid(`Nieprawidłowa wartość SubjectIdentifierType: ${subjectIdentifierType}`);
	}
	return {
		challenge,
		context: { type: contextType as VerifiedRequest['context']['type'], value: (contextChildren[0].textContent ?? '').trim() },
		subjectIdentifierType,
	};
}

function readCertificate(signature: Element): X509Certificate {
	const certificateElement = elements(signature, [DS], 'X509Certificate')[0];
	if (!certificateElement) throw badRequest(21115, 'Nieprawidłowy certyfikat.', ['Brak certyfikatu w KeyInfo/X509Data.']);
	try {
		return new X509Certificate(Buffer.from((certificateElement.textContent ?? '').replace(/\s+/g, ''), 'base64'));
	} catch {
		throw badRequest(21115, 'Nieprawidłowy certyfikat.', ['Certyfikat w KeyInfo nie jest poprawnym certyfikatem X.509.']);
	}
}

function checkAlgorithms(signature: Element, certificate: X509Certificate): void {
	const signedInfo = elements(signature, [DS], 'SignedInfo')[0];
	if (!signedInfo) throw invalidSignature('Brak elementu SignedInfo.');
	const method = elements(signedInfo, [DS], 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
	const keyType = certificate.publicKey.asymmetricKeyType;
	const allowed = keyType === 'ec' ? ECDSA_METHODS : RSA_METHODS;
	if (!allowed.includes(method)) throw invalidSignature(`Niedozwolony algorytm podpisu ${method} dla klucza ${keyType}.`);
	const details = certificate.publicKey.asymmetricKeyDetails ?? {};
	if (keyType === 'rsa' && (details.modulusLength ?? 0) < 2048) throw invalidSignature('Minimalna długość klucza RSA to 2048 bitów.');
	if (keyType === 'ec' && !['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) {
		throw invalidSignature('Minimalny rozmiar krzywej ECDSA to 256 bitów.');
	}
	const canonicalization = elements(signedInfo, [DS], 'CanonicalizationMethod')[0]?.getAttribute('Algorithm') ?? '';
	if (!ALLOWED_TRANSFORMS.has(canonicalization)) throw invalidSignature(`Niedozwolona metoda kanonikalizacji ${canonicalization}.`);
	for (const reference of elements(signedInfo, [DS], 'Reference')) {
		for (const transform of elements(reference, [DS], 'Transform')) {
			const algorithm = transform.getAttribute('Algorithm') ?? '';
			if (!ALLOWED_TRANSFORMS.has(algorithm)) throw invalidSignature(`Niedozwolona transformata ${algorithm}.`);
		}
		const digest = elements(reference, [DS], 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
		if (!DIGESTS[digest]) throw invalidSignature(`Niedozwolony algorytm skrótu ${digest}.`);
	}
}

/** The signed document must be inside the signature's reach: enveloped (URI "" or the root's Id) or enveloping. */
function checkNotDetached(doc: Document, signature: Element): string[] {
	const uris = elements(signature, [DS], 'Reference')
		.filter((r) => elements(r.parentNode as Node, [DS], 'SignedInfo').length === 0)
		.map((r) => r.getAttribute('URI') ?? '');
	if (uris.some((uri) => uri !== '' && !uri.startsWith('#'))) throw invalidSignature('Podpis zewnętrzny (detached) nie jest akceptowany.');
	const request = elements(doc, AUTH_NAMESPACES, 'AuthTokenRequest')[0];
	const requestId = request.getAttribute('Id') ?? request.getAttribute('ID') ?? request.getAttribute('id');
	const envelopedRoot = doc.documentElement === request && uris.includes('');
	const byId = requestId !== null && uris.includes(`#${requestId}`);
	if (!envelopedRoot && !byId) throw invalidSignature('Podpis nie obejmuje dokumentu AuthTokenRequest.');
	return uris;
}

/** XAdES: SignedProperties signed by a reference, naming this certificate in SigningCertificate(V2), with a SigningTime. */
function checkQualifyingProperties(signature: Element, certificate: X509Certificate, signedUris: string[]): void {
	const signedProperties = elements(signature, XADES_NAMESPACES, 'SignedProperties')[0];
	if (!signedProperties) throw invalidSignature('Brak właściwości kwalifikowanych XAdES (SignedProperties).');
	const id = signedProperties.getAttribute('Id') ?? signedProperties.getAttribute('ID') ?? signedProperties.getAttribute('id');
	if (!id || !signedUris.includes(`#${id}`)) throw invalidSignature('Element SignedProperties nie jest objęty podpisem.');
	if (elements(signedProperties, XADES_NAMESPACES, 'SigningTime').length === 0) throw invalidSignature('Brak SigningTime we właściwościach podpisu.');
	const certDigests = elements(signedProperties, XADES_NAMESPACES, 'CertDigest');
	if (certDigests.length === 0) throw invalidSignature('Brak SigningCertificate we właściwościach podpisu.');
	const matches = certDigests.some((certDigest) => {
		const algorithm = DIGESTS[elements(certDigest, [DS], 'DigestMethod')[0]?.getAttribute('Algorithm') ?? ''];
		const value = (elements(certDigest, [DS], 'DigestValue')[0]?.textContent ?? '').trim();
		return algorithm !== undefined && createHash(algorithm).update(certificate.raw).digest('base64') === value;
	});
	if (!matches) throw invalidSignature('Skrót certyfikatu w SigningCertificate nie odpowiada certyfikatowi podpisu.');
}

function checkSignatureValue(xml: string, signature: Element, certificate: X509Certificate): void {
	const verifier = withEcdsa(new SignedXml({ publicCert: certificate.toString() }));
	verifier.loadSignature(signature);
	let valid = false;
	try {
		valid = verifier.checkSignature(xml);
	} catch (error) {
		throw invalidSignature(`Weryfikacja podpisu nie powiodła się: ${(error as Error).message}`);
	}
	if (!valid) throw invalidSignature('Skrót referencji lub wartość podpisu nie zgadza się z dokumentem.');
}

export function verifySignedRequest(xml: string): VerifiedRequest {
	const doc = parse(xml);
	const request = readRequest(doc);
	const signatures = elements(doc, [DS], 'Signature');
	if (signatures.length === 0) throw badRequest(9102, 'Brak podpisu.');
	if (signatures.length > 1) throw badRequest(9103, 'Przekroczona liczba dozwolonych podpisów.');
	const signature = signatures[0];
	const certificate = readCertificate(signature);
	checkAlgorithms(signature, certificate);
	const signedUris = checkNotDetached(doc, signature);
	checkSignatureValue(xml, signature, certificate);
	checkQualifyingProperties(signature, certificate, signedUris);
	return { ...request, certificate };
}
