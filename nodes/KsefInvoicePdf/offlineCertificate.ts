import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { loadOfflineCertificate, type OfflineCertificate } from '../../src/auth/signing/offlineCertificate';
import type { CertificateMaterial } from '../../src/auth/signing/signingIdentity';
import { redact } from '../../src/errors/describe';

export const OFFLINE_CREDENTIAL = 'ksefOfflineCertificateApi';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The certificate material of a KSeF Offline Certificate credential, and its secrets for scrubbing messages. */
export function offlineMaterial(data: ICredentialDataDecryptedObject): { material: CertificateMaterial; secrets: string[] } {
	if (data.materialFormat === 'pkcs12') {
		const pkcs12Base64 = text(data.pkcs12Secret);
		const password = text(data.pkcs12Password);
		return { material: { format: 'pkcs12', pkcs12Base64, password }, secrets: [pkcs12Base64, password, ...base64Runs(pkcs12Base64)] };
	}
	const privateKey = text(data.privateKey);
	const password = text(data.privateKeyPassword);
	return {
		material: { format: 'pem', certificate: text(data.crtPem), privateKey, password },
		secrets: [privateKey, password, ...base64Runs(privateKey)],
	};
}

export function offlineCertificateFrom(data: ICredentialDataDecryptedObject): OfflineCertificate {
	return loadOfflineCertificate(offlineMaterial(data).material);
}

/** Nothing to ask KSeF: the test opens the key, matches it to the certificate and checks type and validity. */
export async function ksefOfflineCertificateTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const certificate = offlineCertificateFrom(credential.data ?? {});
		return {
			status: 'OK',
			message: `Offline certificate ${certificate.serialNumber} (${certificate.algorithm}) is valid until ${new Date(certificate.certificate.validTo).toISOString()}`,
		};
	} catch (error) {
		return { status: 'Error', message: redact((error as Error).message, offlineMaterial(credential.data ?? {}).secrets) };
	}
}

function base64Runs(text: string): string[] {
	return text.match(/[A-Za-z0-9+/=]{16,}/g) ?? [];
}
