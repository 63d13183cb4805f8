import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * The fields that hold a KSeF certificate and its key, as the KSeF application hands them out (a .crt/.key pair)
 * or as a keystore exports them (PKCS#12). Shared by the sign-in credential and the Offline certificate one;
 * nodes/shared/certificateMaterial.ts reads them back.
 */
export function certificateMaterialProperties(options: {
	/** Conditions on the credential's other fields; the format choice is added to them. */
	show?: IDisplayOptions['show'];
	/** What the certificate is, in the Certificate field's description. */
	certificateDescription: string;
	/** The file in the Base64 example. */
	bundleFileName: string;
}): INodeProperties[] {
	const show = (materialFormat?: 'pem' | 'pkcs12') => {
		const conditions = { ...options.show, ...(materialFormat ? { materialFormat: [materialFormat] } : {}) };
		return Object.keys(conditions).length > 0 ? { displayOptions: { show: conditions } } : {};
	};
	return [
		{
			displayName: 'Certificate Format',
			name: 'materialFormat',
			type: 'options',
			options: [
				{ name: 'Certificate and Key (PEM)', value: 'pem', description: 'The .crt and .key files the KSeF application gives you' },
				{ name: 'PKCS#12 Bundle (.P12/.Pfx)', value: 'pkcs12', description: 'One file with certificate and key, pasted as Base64' },
			],
			default: 'pem',
			...show(),
		},
		{
			displayName: 'Certificate',
			name: 'crtPem',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: options.certificateDescription,
			...show('pem'),
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN ENCRYPTED PRIVATE KEY-----',
			description: 'The text of the .key file that belongs to the certificate (encrypted or not); line breaks lost in pasting are restored',
			...show('pem'),
		},
		{
			displayName: 'Private Key Password',
			name: 'privateKeyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password you set when generating the key; leave empty for an unencrypted key',
			...show('pem'),
		},
		{
			displayName: 'PKCS#12 Bundle (Base64)',
			name: 'pkcs12Secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `The .p12/.pfx file as Base64, e.g. the output of \`base64 -w0 ${options.bundleFileName}\``,
			...show('pkcs12'),
		},
		{
			displayName: 'Bundle Password',
			name: 'pkcs12Password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of the .p12/.pfx file',
			...show('pkcs12'),
		},
	];
}
