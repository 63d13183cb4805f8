/**
 * XAdES sign-in against the simulator over real HTTP: what KSeF refuses at once (400 with its codes) and what it
 * refuses later (460/415 after the 202). Documents are signed with the package's signer and then tampered with,
 * so each check is seen to bite; the same signatures also verify with xmlsec1, a verifier independent of ours.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuthTokenRequest } from '../../src/auth/signing/authTokenRequest';
import { loadSigningIdentity, type SigningIdentity } from '../../src/auth/signing/signingIdentity';
import { signXades } from '../../src/auth/signing/xadesSignature';
import { start, type RunningSimulator } from './index';
import { call, challenge, exceptionCode, waitForAuthentication, type StatusInfo } from './support/rawAuth';
import type { IssueOptions } from './x509/issueCertificate';

const DAY = 24 * 3_600_000;

describe('simulator: XAdES sign-in', () => {
	let sim: RunningSimulator;
	let url: string;
	beforeAll(async () => {
		// Polls every 25 ms, far past PRD's per-second limits, which the rate-limit suites cover.
		sim = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false } });
		url = sim.baseUrl;
	});
	afterAll(async () => {
		expect(sim.simulator.responseViolations).toEqual([]);
		await sim.stop();
	});

	/** An identity whose certificate the simulator issued, skipping the client's own local checks. */
	function identity(options: Partial<IssueOptions> = {}): SigningIdentity {
		const issued = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Jan', surname: 'Nowak', nip: sim.nip } }, ...options });
		try {
			return loadSigningIdentity({ format: 'pem', certificate: issued.certificatePem, privateKey: issued.privateKeyPem });
		} catch {
			// Expired, Offline or weak certificates are refused by the client; the simulator must refuse them too.
			return {
				certificate: issued.certificate,
				privateKey: issued.privateKey,
				algorithm: issued.privateKey.asymmetricKeyType === 'ec' ? 'ecdsa-sha256' : 'rsa-sha256',
				fingerprint: issued.fingerprint,
			};
		}
	}

	async function signedRequest(who: SigningIdentity, fields: { nip?: string; subjectIdentifierType?: 'certificateSubject' | 'certificateFingerprint' } = {}) {
		const { challenge: value } = await challenge(url);
		const document = buildAuthTokenRequest({ challenge: value, nip: fields.nip ?? sim.nip, subjectIdentifierType: fields.subjectIdentifierType ?? 'certificateSubject' });
		return signXades(document, who);
	}

	async function rawSubmit(xml: string, query = '') {
		const response = await fetch(`${url}/auth/xades-signature${query}`, { method: 'POST', headers: { 'content-type': 'application/xml', accept: 'application/json' }, body: xml });
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	async function finalStatusOf(xml: string, query = ''): Promise<StatusInfo & { method?: unknown }> {
		const response = await rawSubmit(xml, query);
		expect(response.status).toBe(202);
		const body = response.body as { referenceNumber: string; authenticationToken: { token: string } };
		const done = await waitForAuthentication(url, body.referenceNumber, body.authenticationToken.token);
		const details = await call<{ authenticationMethodInfo: unknown }>(url, 'GET', `/auth/${body.referenceNumber}`, { bearer: body.authenticationToken.token });
		return { ...done.status, method: details.body.authenticationMethodInfo };
	}

	it('accepts an enveloped XAdES-BES signature with an ECDSA or RSA key, issued by KSeF or self-signed', async () => {
		for (const options of [{ keyType: 'ec' as const }, { keyType: 'rsa' as const }, { keyType: 'ec' as const, selfSigned: true }]) {
			const status = await finalStatusOf(await signedRequest(identity(options)));
			expect(status.code).toBe(200);
			expect(status.method).toMatchObject({ category: 'XadesSignature' });
		}
	});

	it('accepts an organisation seal (organizationIdentifier VATPL-…)', async () => {
		const seal = identity({ subject: { seal: { organizationName: 'Testowa sp. z o.o.', nip: sim.nip } } });
		expect((await finalStatusOf(await signedRequest(seal))).code).toBe(200);
	});

	it('refuses at once what KSeF refuses at once, with its codes', async () => {
		const who = identity({ keyType: 'ec' });
		const good = await signedRequest(who);
		const cases: Array<[string, string, number]> = [
			['a tampered document', good.replace(`<Nip>${sim.nip}</Nip>`, '<Nip>5265877635</Nip>'), 9105],
			['a wrong reference digest', good.replace(/<ds:DigestValue>[^<]{4}/, '<ds:DigestValue>AAAA'), 9105],
			['a wrong signature value', good.replace(/<ds:SignatureValue>[^<]{4}/, '<ds:SignatureValue>AAAA'), 9105],
			['no signature', good.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''), 9102],
			['two signatures', good.replace(/(<ds:Signature[\s\S]*<\/ds:Signature>)/, '$1$1'), 9103],
			['a detached signature', good.replace('URI=""', 'URI="https://example.com/auth.xml"'), 9105],
			['not XML at all', 'certainly not xml', 21001],
			['a DOCTYPE', good.replace('<AuthTokenRequest', '<!DOCTYPE x [<!ENTITY e "e">]><AuthTokenRequest'), 21001],
			['a document off the schema', good.replace('<SubjectIdentifierType>certificateSubject', '<SubjectIdentifierType>somebody'), 21401],
		];
		for (const [what, xml, code] of cases) {
			const response = await rawSubmit(xml);
			expect({ what, status: response.status, code: exceptionCode(response.body) }).toEqual({ what, status: 400, code });
		}
	});

	it('refuses a signature over a challenge that was already used or never issued (21111)', async () => {
		const xml = await signedRequest(identity());
		expect((await rawSubmit(xml)).status).toBe(202);
		const replay = await rawSubmit(xml);
		expect([replay.status, exceptionCode(replay.body)]).toEqual([400, 21111]);
		const invented = signXades(buildAuthTokenRequest({ challenge: '20260101-CR-0000000000-0000000000-00', nip: sim.nip, subjectIdentifierType: 'certificateSubject' }), identity());
		const refused = await rawSubmit(invented);
		expect([refused.status, exceptionCode(refused.body)]).toEqual([400, 21111]);
	});

	it('refuses weak keys and a SigningCertificate naming another certificate (9105)', async () => {
		const weak = await rawSubmit(await signedRequest(identity({ keyType: 'rsa', rsaBits: 1024 })));
		expect([weak.status, exceptionCode(weak.body)]).toEqual([400, 9105]);
		const smallCurve = await rawSubmit(await signedRequest(identity({ keyType: 'ec', ecCurve: 'secp224r1' })));
		expect([smallCurve.status, exceptionCode(smallCurve.body)]).toEqual([400, 9105]);
		// Sign with one certificate, then swap in another certificate's digest in the signed properties: the
		// reference digest no longer matches, so the signature breaks before the XAdES check is even reached.
		const xml = await signedRequest(identity());
		const other = identity();
		const swapped = xml.replace(/(<xades:CertDigest>[\s\S]*?<ds:DigestValue>)[^<]+/, `$1${other.certificate.fingerprint256}`);
		expect(exceptionCode((await rawSubmit(swapped)).body)).toBe(9105);
	});

	it('ends with 460 for a certificate that is expired, not yet valid, revoked, Offline, or untrusted when the chain is checked', async () => {
		const expired = identity({ validFrom: new Date(Date.now() - 400 * DAY), validTo: new Date(Date.now() - DAY) });
		expect(await finalStatusOf(await signedRequest(expired))).toMatchObject({ code: 460, details: ['Nieważny certyfikat.'] });
		const future = identity({ validFrom: new Date(Date.now() + DAY), validTo: new Date(Date.now() + 400 * DAY) });
		expect(await finalStatusOf(await signedRequest(future))).toMatchObject({ code: 460, details: ['Nieważny certyfikat.'] });
		const revoked = identity();
		sim.simulator.revokeCertificate(revoked.certificate.serialNumber);
		expect(await finalStatusOf(await signedRequest(revoked))).toMatchObject({ code: 460, details: ['Certyfikat odwołany.'] });
		const offline = identity({ kind: 'Offline' });
		expect(await finalStatusOf(await signedRequest(offline))).toMatchObject({ code: 460, details: ['Niepoprawny certyfikat.'] });
		const selfSigned = identity({ selfSigned: true });
		expect(await finalStatusOf(await signedRequest(selfSigned), '?verifyCertificateChain=true')).toMatchObject({ code: 460, details: ['Niezaufany łańcuch certyfikatów.'] });
		expect((await finalStatusOf(await signedRequest(identity()), '?verifyCertificateChain=true')).code).toBe(200);
	});

	it('identifies the signer by PESEL, NIP or fingerprint and checks permission in the context (415)', async () => {
		const person = identity({ subject: { person: { givenName: 'Ewa', surname: 'Kowal', pesel: '90010112345' } } });
		expect((await finalStatusOf(await signedRequest(person))).code).toBe(415);
		sim.simulator.grantCertificatePermission(sim.nip, 'Pesel:90010112345');
		expect((await finalStatusOf(await signedRequest(person))).code).toBe(200);

		const anonymous = identity({ subject: { commonName: 'Serwer księgowy' } });
		expect((await finalStatusOf(await signedRequest(anonymous))).code).toBe(460);
		expect((await finalStatusOf(await signedRequest(anonymous, { subjectIdentifierType: 'certificateFingerprint' }))).code).toBe(415);
		sim.simulator.grantCertificatePermission(sim.nip, `Fingerprint:${anonymous.fingerprint}`);
		expect((await finalStatusOf(await signedRequest(anonymous, { subjectIdentifierType: 'certificateFingerprint' }))).code).toBe(200);

		const otherCompany = identity({ subject: { seal: { organizationName: 'Obca sp. z o.o.', nip: '1111111111' } } });
		expect((await finalStatusOf(await signedRequest(otherCompany))).code).toBe(415);
	});

	it('the package’s signatures verify with xmlsec1 (independent of xml-crypto), and a tampered one does not', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'xades-'));
		try {
			for (const keyType of ['ec', 'rsa'] as const) {
				const who = identity({ keyType });
				const xml = await signedRequest(who);
				writeFileSync(join(dir, 'ca.pem'), sim.simulator.certificateAuthority.certificate.toString());
				writeFileSync(join(dir, 'signed.xml'), xml);
				writeFileSync(join(dir, 'tampered.xml'), xml.replace(`<Nip>${sim.nip}</Nip>`, '<Nip>5265877635</Nip>'));
				const verify = (file: string) =>
					execFileSync('xmlsec1', ['--verify', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', '--trusted-pem', join(dir, 'ca.pem'), join(dir, file)], {
						encoding: 'utf8',
						stdio: ['ignore', 'pipe', 'pipe'],
					});
				expect(() => verify('signed.xml')).not.toThrow();
				expect(() => verify('tampered.xml')).toThrow();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
