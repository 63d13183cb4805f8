import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { certificateMaterialProperties } from './certificateMaterialProperties';

/**
 * The way into KSeF (a KSeF token, or a certificate that signs a XAdES request) and the NIP whose context it acts
 * in. Either is a multi-step exchange (challenge, encryption or signature, polling, redeem) that n8n's
 * declarative `authenticate` cannot express; the nodes run it through the shared client, and the credential test
 * (`ksefApiCredentialTest`, on every node) performs it for real.
 */
export class KsefApi implements ICredentialType {
	name = 'ksefApi';

	displayName = 'KSeF API';

	icon = { light: 'file:../icons/ksef.svg', dark: 'file:../icons/ksef.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ksef/n8n-nodes-ksef#credentials-ksef-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'TEST (api-test.ksef.mf.gov.pl)', value: 'test', description: 'Test data only; tokens from the TEST web app' },
				{ name: 'DEMO (api-demo.ksef.mf.gov.pl)', value: 'demo', description: 'Pre-production with real identities, no legal effect' },
				{ name: 'PROD (api.ksef.mf.gov.pl)', value: 'prod', description: 'Production: invoices have legal effect' },
				{ name: 'Custom Base URL', value: 'custom', description: 'For example the local KSeF simulator' },
			],
			default: 'test',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:8080/v2',
			placeholder: 'http://127.0.0.1:8080/v2',
			description: 'API root including /v2',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Allow AI Agents to Send Invoices on PROD',
			name: 'allowAgentSendingOnProd',
			type: 'boolean',
			default: false,
			description:
				'Whether an AI agent using KSeF Send Invoice or KSeF Batch Send as a tool may issue invoices on PROD, where they have legal effect. Off: the tools refuse before anything is sent; workflows without an agent are not affected.',
			// A custom base URL may be PROD's own (the agent guard treats it as PROD), so it can be allowed there too.
			displayOptions: { show: { environment: ['prod', 'custom'] } },
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Certificate (XAdES)',
					value: 'certificate',
					description: 'A KSeF Authentication certificate (or a qualified one) signs each sign-in; keeps working after KSeF tokens are withdrawn',
				},
				{ name: 'KSeF Token', value: 'token', description: 'A token from the KSeF application; tokens are planned to stop working on 1 January 2027' },
			],
			default: 'token',
		},
		{
			displayName:
				'KSeF tokens are planned to stop working on 1 January 2027. Switch to a KSeF certificate (Aplikacja Podatnika KSeF 2.0 → Certyfikaty) to keep your workflows running.',
			name: 'withdrawalNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { authentication: ['token'] } },
		},
		{
			displayName: 'KSeF Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['token'] } },
			description:
				'The token generated in the KSeF web app (Aplikacja Podatnika) or via the API, pasted exactly as issued, including its | characters',
		},
		...certificateMaterialProperties({
			show: { authentication: ['certificate'] },
			certificateDescription: 'The certificate in PEM, i.e. the text of the .crt file, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
			bundleFileName: 'certificate.p12',
		}),
		{
			displayName: 'Identify Me By',
			name: 'subjectIdentifierType',
			type: 'options',
			options: [
				{
					name: 'Certificate Subject (PESEL or NIP)',
					value: 'certificateSubject',
					description: 'KSeF reads the PESEL or NIP from the certificate; right for KSeF certificates and most qualified ones',
				},
				{
					name: 'Certificate Fingerprint',
					value: 'certificateFingerprint',
					description: 'For certificates without a PESEL/NIP; permissions must be granted to the certificate’s SHA-256 fingerprint',
				},
			],
			default: 'certificateSubject',
			displayOptions: { show: { authentication: ['certificate'] } },
		},
		{
			displayName: 'Verify Certificate Chain',
			name: 'verifyChain',
			type: 'boolean',
			default: false,
			description: 'Whether to ask TEST to check the chain and revocation as PROD does (TEST otherwise accepts self-signed certificates)',
			displayOptions: { show: { authentication: ['certificate'] } },
		},
		{
			displayName: 'Context NIP',
			name: 'nip',
			type: 'string',
			default: '',
			required: true,
			placeholder: '5265877635',
			description: 'The 10-digit tax ID (NIP) of the company you act for; the token or the certificate’s owner must hold permissions in this context',
		},
	];
}
