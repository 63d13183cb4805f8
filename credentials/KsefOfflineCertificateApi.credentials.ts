import type { ICredentialType, INodeProperties } from 'n8n-workflow';

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

	properties: INodeProperties[] = [
		{
			displayName: 'Certificate Format',
			name: 'materialFormat',
			type: 'options',
			options: [
				{ name: 'Certificate and Key (PEM)', value: 'pem', description: 'The .crt and .key files the KSeF application gives you' },
				{ name: 'PKCS#12 Bundle (.P12/.Pfx)', value: 'pkcs12', description: 'One file with certificate and key, pasted as Base64' },
			],
			default: 'pem',
		},
		{
			displayName: 'Certificate',
			name: 'crtPem',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'The Offline certificate in PEM (the text of the .crt file)',
			displayOptions: { show: { materialFormat: ['pem'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN ENCRYPTED PRIVATE KEY-----',
			description: 'The text of the .key file that belongs to the certificate (encrypted or not)',
			displayOptions: { show: { materialFormat: ['pem'] } },
		},
		{
			displayName: 'Private Key Password',
			name: 'privateKeyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password you set when generating the key; leave empty for an unencrypted key',
			displayOptions: { show: { materialFormat: ['pem'] } },
		},
		{
			displayName: 'PKCS#12 Bundle (Base64)',
			name: 'pkcs12Secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The .p12/.pfx file as Base64, e.g. the output of `base64 -w0 offline.p12`',
			displayOptions: { show: { materialFormat: ['pkcs12'] } },
		},
		{
			displayName: 'Bundle Password',
			name: 'pkcs12Password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of the .p12/.pfx file',
			displayOptions: { show: { materialFormat: ['pkcs12'] } },
		},
	];
}
