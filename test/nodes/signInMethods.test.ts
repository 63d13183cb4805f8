/**
 * Every node, end to end against the simulator, with each way into KSeF: the same flow with a KSeF token and with
 * a certificate credential (XAdES), PEM and PKCS#12. Certificate problems reach the user as named, fixable errors
 * before any request, and no secret of either kind appears in any output.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { INodeExecutionData } from 'n8n-workflow';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { clearTokenCache } from '../../src';
import { certificateCredentialData } from '../../scripts/n8n/workflows';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from './support/executeContext';

type Credentials = Record<string, unknown>;

/** An RSA certificate issued by the simulator, bundled as PKCS#12 with a password (as exported from a keystore). */
function pkcs12Of(sim: RunningSimulator, password: string): string {
	const issued = sim.simulator.issueCertificate({ subject: { seal: { organizationName: 'Testowa sp. z o.o.', nip: sim.nip } }, keyType: 'rsa' });
	const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(issued.privateKeyPem), [forge.pki.certificateFromPem(issued.certificatePem)], password, { algorithm: 'aes256' });
	return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
}

describe.each(['token', 'certificate (PEM, EC key)', 'certificate (PKCS#12, RSA key)'])('every node signs in with: %s', (method) => {
	let sim: RunningSimulator;
	let credentials: Credentials;
	let secrets: string[];
	const outputs: unknown[] = [];
	beforeAll(async () => {
		sim = await startSimulator();
		const base = { environment: 'custom', baseUrl: sim.baseUrl, nip: sim.nip };
		if (method === 'token') {
			credentials = { ...base, authentication: 'token', token: sim.token };
			secrets = [sim.token];
		} else if (method.includes('PEM')) {
			credentials = certificateCredentialData(sim);
			secrets = [sim.certificate.privateKeyPem, sim.certificate.password];
		} else {
			const password = randomBytes(8).toString('hex');
			const pkcs12Secret = pkcs12Of(sim, password);
			credentials = { ...base, authentication: 'certificate', materialFormat: 'pkcs12', pkcs12Secret, pkcs12Password: password, subjectIdentifierType: 'certificateSubject' };
			secrets = [pkcs12Secret, password];
		}
		clearTokenCache();
	});
	afterAll(async () => {
		const everything = JSON.stringify(outputs);
		for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
		expectSpecCompliance(sim);
		await sim.stop();
	});
	const record = (items: INodeExecutionData[]) => {
		outputs.push(items.map((item) => item.json));
		return items;
	};

	it('sends, checks, queries, downloads and batch-sends', async () => {
		const before = sim.simulator.requestLog.length;
		const files = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('M') }), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('M') })];
		const sent = record((await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems(files), parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials })))[0]);
		expect(sent.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted']);
		const signIn = method === 'token' ? 'POST /auth/ksef-token' : 'POST /auth/xades-signature';
		expect(callsSince(sim, before)).toContain(signIn);

		const [status] = record(
			(await new KsefCheckStatus().execute.call(
				executeContext({
					items: [{ json: {} }],
					parameters: { operation: 'invoiceStatus', sessionReferenceNumber: sent[0].json.sessionReferenceNumber, invoiceReferenceNumber: sent[0].json.invoiceReferenceNumber },
					credentials,
				}),
			))[0],
		);
		expect(status.json).toMatchObject({ outcome: 'accepted', ksefNumber: sent[0].json.ksefNumber });

		const found = record(
			(await new KsefQueryInvoices().execute.call(
				executeContext({
					items: [{ json: {} }],
					parameters: { subjectType: 'Subject1', dateType: 'PermanentStorage', from: new Date(Date.now() - 3_600_000).toISOString(), to: '', filters: {}, returnAll: true },
					credentials,
				}),
			))[0],
		);
		expect(found.map((item) => item.json.ksefNumber)).toEqual(expect.arrayContaining(sent.map((item) => item.json.ksefNumber)));

		const [downloaded] = record(
			(await new KsefDownload().execute.call(
				executeContext({
					items: [{ json: {} }],
					parameters: { operation: 'downloadInvoice', ksefNumber: sent[1].json.ksefNumber, binaryPropertyName: 'data', options: {} },
					credentials,
				}),
			))[0],
		);
		expect(Buffer.from(downloaded.binary?.data.data ?? '', 'base64').equals(files[1])).toBe(true);

		const batchFiles = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('B') }), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('B') })];
		const batch = record(
			(await new KsefBatchSend().execute.call(
				executeContext({ ...xmlItems(batchFiles), parameters: { inputMode: 'invoices', invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials }),
			))[0],
		);
		expect(batch.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted']);
		// One sign-in served all five nodes: the access token is cached per credential.
		expect(callsSince(sim, before).filter((call) => call === signIn)).toHaveLength(1);
	});
});

describe('certificate credentials: problems are named before any request', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		await sim.stop();
	});

	const send = (credentials: Credentials) =>
		new KsefSendInvoice().execute.call(
			executeContext({ ...xmlItems([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('X') })]), parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials }),
		);

	it('says which field to fix, and never repeats a secret', async () => {
		const good = certificateCredentialData(sim);
		const other = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Inny', surname: 'Klucz', nip: sim.nip } } });
		const expired = sim.simulator.issueCertificate({
			subject: { person: { givenName: 'Stary', surname: 'Certyfikat', nip: sim.nip } },
			validFrom: new Date(Date.now() - 800 * 86_400_000),
			validTo: new Date(Date.now() - 86_400_000),
		});
		const offline = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Off', surname: 'Line', nip: sim.nip } }, kind: 'Offline' });
		const anonymous = sim.simulator.issueCertificate({ subject: { commonName: 'Serwer' } });
		const cases: Array<[string, Credentials, RegExp]> = [
			['wrong password', { ...good, privateKeyPassword: randomBytes(8).toString('hex') }, /Private Key Password does not open the private key\. Check the password/],
			['missing password', { ...good, privateKeyPassword: '' }, /Private Key Password is empty but the private key is encrypted/],
			['key of another certificate', { ...good, privateKey: other.privateKeyPem, privateKeyPassword: '' }, /Private Key does not belong to the certificate/],
			['expired', { ...good, crtPem: expired.certificatePem, privateKey: expired.privateKeyPem, privateKeyPassword: '' }, /Certificate expired on .*Request a new Authentication certificate/],
			['Offline certificate', { ...good, crtPem: offline.certificatePem, privateKey: offline.privateKeyPem, privateKeyPassword: '' }, /KSeF Offline certificate, which cannot sign in/],
			['no PESEL/NIP in it', { ...good, crtPem: anonymous.certificatePem, privateKey: anonymous.privateKeyPem, privateKeyPassword: '' }, new RegExp(`Choose "Certificate Fingerprint" .*${anonymous.fingerprint}`)],
			['not a certificate', { ...good, crtPem: 'hello' }, /Certificate is not a readable X\.509 certificate/],
			['PKCS#12 not Base64', { ...good, materialFormat: 'pkcs12', pkcs12Secret: '-----BEGIN nonsense', pkcs12Password: 'x' }, /PKCS#12 Bundle is not Base64/],
		];
		for (const [what, credentials, message] of cases) {
			const before = sim.simulator.requestLog.length;
			const error = await send(credentials).then(() => undefined, (e: Error) => e);
			expect({ what, message: error?.message }).toEqual({ what, message: expect.stringMatching(message) });
			expect({ what, requests: sim.simulator.requestLog.length - before }).toEqual({ what, requests: 0 });
			for (const secret of [credentials.privateKeyPassword, credentials.pkcs12Password]) {
				if (typeof secret === 'string' && secret.length >= 6) expect(error?.message).not.toContain(secret);
			}
		}
	});

	it('explains what KSeF refused: a revoked certificate (460) and a signer without permission in the context (415)', async () => {
		const revoked = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Odwołany', surname: 'Certyfikat', nip: sim.nip } } });
		sim.simulator.revokeCertificate(revoked.serialNumber);
		const base = { ...certificateCredentialData(sim), privateKeyPassword: '' };
		const refused = await send({ ...base, crtPem: revoked.certificatePem, privateKey: revoked.privateKeyPem }).then(() => undefined, (e: Error) => e);
		expect(refused?.message).toMatch(/460.*Certyfikat odwołany/);
		const stranger = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Obcy', surname: 'Człowiek', pesel: '85020312345' } } });
		const noRights = await send({ ...base, crtPem: stranger.certificatePem, privateKey: stranger.privateKeyPem }).then(() => undefined, (e: Error) => e);
		expect(noRights?.message).toMatch(/415.*PESEL 85020312345.*no permission in the context of NIP 9999999999/);
	});

	it('reads a PKCS#12 bundle with an EC key made by OpenSSL (what keystore exports look like)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'p12-'));
		try {
			const issued = sim.simulator.issueCertificate({ subject: { person: { givenName: 'Ec', surname: 'Bundle', nip: sim.nip } }, keyType: 'ec' });
			writeFileSync(join(dir, 'cert.pem'), issued.certificatePem);
			writeFileSync(join(dir, 'key.pem'), issued.privateKeyPem);
			execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem'), '-out', join(dir, 'bundle.p12'), '-passout', 'pass:openssl-pass']);
			const credentials = { ...certificateCredentialData(sim), materialFormat: 'pkcs12', pkcs12Secret: readFileSync(join(dir, 'bundle.p12')).toString('base64'), pkcs12Password: 'openssl-pass' };
			const [out] = await send(credentials);
			expect(out[0].json.outcome).toBe('accepted');
			const wrong = await send({ ...credentials, pkcs12Password: 'nope-nope' }).then(() => undefined, (e: Error) => e);
			expect(wrong?.message).toMatch(/Bundle Password does not open the PKCS#12 bundle/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
