import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A KSeF token and the NIP whose context it acts in. KSeF authentication is a five-step exchange (challenge,
 * RSA-OAEP, polling, redeem), which n8n's declarative `authenticate` cannot express; the nodes run it through
 * the shared client, and the credential test (`ksefApiCredentialTest`, on every node) performs it for real.
 */
export class KsefApi implements ICredentialType {
	name = 'ksefApi';

	displayName = 'KSeF API';

	icon = { light: 'file:../icons/ksef.svg', dark: 'file:../icons/ksef.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-ksef/n8n-nodes-ksef#credentials';

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
			displayName: 'KSeF Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The token generated in the KSeF web app (Aplikacja Podatnika) or via the API, pasted exactly as issued, including its | characters',
		},
		{
			displayName: 'Context NIP',
			name: 'nip',
			type: 'string',
			default: '',
			required: true,
			placeholder: '5265877635',
			description: 'The 10-digit tax ID (NIP) of the company the token acts for; the token must hold rights in this context',
		},
	];
}
