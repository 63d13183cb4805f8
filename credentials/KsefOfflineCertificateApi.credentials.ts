import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { certificateMaterialProperties } from './certificateMaterialProperties';

/**
 * A KSeF Offline certificate (typ Offline) and its key: it signs KOD II, the second QR code of invoices issued in
 * an offline mode. A credential of its own, not a field of KSeF API: it is a different certificate from the one
 * that signs in (KSeF refuses each for the other's job), it is used without signing in, and n8n keeps the key
 * encrypted here rather than in the workflow. The test loads and checks it locally (`ksefOfflineCertificateTest`).
 */
export class KsefOfflineCertificateApi implements ICredentialType {
	name = 'ksefOfflineCertificateApi';

	displayName = 'KSeF Offline Certificate API';

	icon = { light: 'file:../icons/ksef.svg', dark: 'file:../icons/ksef.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ksef/n8n-nodes-ksef#credentials-ksef-offline-certificate-api';

	properties: INodeProperties[] = certificateMaterialProperties({
		certificateDescription: 'The Offline certificate in PEM (the text of the .crt file)',
		bundleFileName: 'offline.p12',
	});
}
