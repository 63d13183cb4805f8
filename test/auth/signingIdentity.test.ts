/** Certificate material as people paste it into n8n: every common key format, pasted whole or on one line. */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { loadSigningIdentity } from '../../src/auth/signing/signingIdentity';
import { createCertificateAuthority } from '../simulator/x509/issueCertificate';

const ca = createCertificateAuthority();
const person = { person: { givenName: 'Jan', surname: 'Nowak', nip: '5265877635' } };

describe('loading a signing identity', () => {
	it('reads PKCS#8, SEC1 (EC PRIVATE KEY) and PKCS#1 (RSA PRIVATE KEY) keys, encrypted or not', () => {
		const ec = ca.issue({ subject: person, keyType: 'ec' });
		const rsa = ca.issue({ subject: person, keyType: 'rsa' });
		const sec1 = createPrivateKey(ec.privateKeyPem).export({ type: 'sec1', format: 'pem' }).toString();
		const pkcs1 = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
		const pkcs1Encrypted = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass-1234' }).toString();
		expect(loadSigningIdentity({ format: 'pem', certificate: ec.certificatePem, privateKey: sec1 }).algorithm).toBe('ecdsa-sha256');
		expect(loadSigningIdentity({ format: 'pem', certificate: rsa.certificatePem, privateKey: pkcs1 }).algorithm).toBe('rsa-sha256');
		expect(loadSigningIdentity({ format: 'pem', certificate: rsa.certificatePem, privateKey: pkcs1Encrypted, password: 'pass-1234' }).subject).toEqual({ type: 'Nip', value: '5265877635', source: 'serialNumber' });
	});

	it('accepts PEM whose line breaks were lost in pasting (n8n password fields are one line)', () => {
		const ec = ca.issue({ subject: person, keyType: 'ec' });
		const encrypted = createPrivateKey(ec.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass-1234' }).toString();
		const oneLine = (pem: string) => pem.replace(/\n/g, ' ');
		const identity = loadSigningIdentity({ format: 'pem', certificate: oneLine(ec.certificatePem), privateKey: oneLine(encrypted), password: 'pass-1234' });
		expect(identity.fingerprint).toBe(ec.fingerprint);
	});

	it('refuses keys shorter than KSeF accepts, and says so', () => {
		const weak = ca.issue({ subject: person, keyType: 'rsa', rsaBits: 1024 });
		expect(() => loadSigningIdentity({ format: 'pem', certificate: weak.certificatePem, privateKey: weak.privateKeyPem })).toThrow(/RSA with 1024 bits; KSeF requires at least 2048/);
		const small = ca.issue({ subject: person, keyType: 'ec', ecCurve: 'secp224r1' });
		expect(() => loadSigningIdentity({ format: 'pem', certificate: small.certificatePem, privateKey: small.privateKeyPem })).toThrow(/curve secp224r1/);
	});

	it('refuses a key that is not the certificate’s, whatever its type (here Ed25519)', () => {
		const { privateKey } = generateKeyPairSync('ed25519');
		const rsa = ca.issue({ subject: person });
		expect(() => loadSigningIdentity({ format: 'pem', certificate: rsa.certificatePem, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })).toThrow(
			/Private Key does not belong to the certificate/,
		);
	});
});
