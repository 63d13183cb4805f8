import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { CertificateMaterial } from '../../src/auth/signing/signingIdentity';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A key pasted into a message would appear line by line too; each long Base64 run is a secret of its own. */
function base64Runs(value: string): string[] {
	return value.match(/[A-Za-z0-9+/=]{16,}/g) ?? [];
}

/**
 * The certificate and key of a credential's certificate fields (credentials/certificateMaterialProperties.ts),
 * as the client reads them, and every secret among them so messages can be scrubbed of them.
 */
export function certificateMaterialFrom(data: ICredentialDataDecryptedObject): { material: CertificateMaterial; secrets: string[] } {
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
