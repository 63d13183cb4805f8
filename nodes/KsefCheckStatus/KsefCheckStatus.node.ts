import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { everyItemFailsOnSetupError } from '../shared/perItem';
import { operations, router } from './actions/router';

const operationOptions: INodePropertyOptions[] = [
	{ name: 'Authentication Status', value: 'authStatus', action: 'Check the authentication', description: 'Authenticate and show the current KSeF authentication session' },
	{ name: 'Download UPO', value: 'downloadUpo', action: 'Download a UPO receipt', description: 'Download the official receipt (UPO) of an invoice or a whole session as XML' },
	{ name: 'Invoice Status', value: 'invoiceStatus', action: 'Get the status of an invoice', description: 'Status and KSeF number of one invoice sent in a session' },
	{ name: 'List Session Invoices', value: 'listInvoices', action: 'List the invoices of a session', description: 'Accepted and failed invoices of a session, with their KSeF numbers or errors' },
	{ name: 'Session Status', value: 'sessionStatus', action: 'Get the status of a session', description: 'Status, invoice counts and UPO pages of a session' },
];

export class KsefCheckStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Check Status',
		name: 'ksefCheckStatus',
		icon: { light: 'file:ksefCheckStatus.svg', dark: 'file:ksefCheckStatus.dark.svg' },
		group: ['input'],
		version: 1,
		// The operation's display name; a test keeps this in step with the options below.
		subtitle: '={{ {"authStatus":"Authentication Status","downloadUpo":"Download UPO","invoiceStatus":"Invoice Status","listInvoices":"List Session Invoices","sessionStatus":"Session Status"}[$parameter["operation"]] }}',
		description: 'Follow up on KSeF sessions and invoices: statuses, accepted and failed invoices, UPO receipts',
		defaults: { name: 'KSeF Check Status' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Read-only. Looks up in KSeF what became of invoices sent earlier: the status of a session or of one invoice (from the references KSeF Send Invoice returned), the accepted and failed invoices of a session, UPO receipts, or the current authentication. Use it to follow up on results that were pending.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ksefApi', required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: operationOptions,
				default: 'invoiceStatus',
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return everyItemFailsOnSetupError(this, () => router.call(this));
	}
}
