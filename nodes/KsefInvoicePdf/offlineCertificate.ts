import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { loadOfflineCertificate, type OfflineCertificate } from '../../src/auth/signing/offlineCertificate';
import { redact } from '../../src/errors/describe';
import { certificateMaterialFrom } from '../shared/certificateMaterial';

export const OFFLINE_CREDENTIAL = 'ksefOfflineCertificateApi';

export function offlineCertificateFrom(data: ICredentialDataDecryptedObject): OfflineCertificate {
	return loadOfflineCertificate(certificateMaterialFrom(data).material);
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
		return { status: 'Error', message: redact((error as Error).message, certificateMaterialFrom(credential.data ?? {}).secrets) };
	}
}
