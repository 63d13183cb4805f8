import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { everyItemFailsOnSetupError } from '../shared/perItem';
import { operations, router } from './actions/router';

const operationOptions: INodePropertyOptions[] = [
	{
		name: 'Download Invoice',
		value: 'downloadInvoice',
		action: 'Download an invoice',
		description: 'The invoice XML by KSeF number, with its verification link and optionally as JSON',
	},
	{
		name: 'Download Invoice UPO',
		value: 'downloadUpo',
		action: 'Download the UPO of an invoice',
		description: 'The official receipt (UPO) of an invoice sent in a session',
	},
	{
		name: 'Export Invoices',
		value: 'exportInvoices',
		action: 'Export the invoices of a date range',
		description: 'Large syncs: KSeF packs every invoice of the range; one item per invoice',
	},
];

export class KsefDownload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Download',
		name: 'ksefDownload',
		icon: { light: 'file:ksefDownload.svg', dark: 'file:ksefDownload.dark.svg' },
		group: ['input'],
		version: 1,
		// The operation's display name; a test keeps this in step with the options below.
		subtitle: '={{ {"downloadInvoice":"Download Invoice","downloadUpo":"Download Invoice UPO","exportInvoices":"Export Invoices"}[$parameter["operation"]] }}',
		description: 'Download invoices from KSeF as XML files (and JSON), their UPO receipts, or whole date ranges through the export',
		defaults: { name: 'KSeF Download' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Read-only. Fetches from KSeF one invoice by its KSeF number (the XML file, the invoice as JSON and its verification link), the UPO receipt of an invoice, or every invoice of a date range through KSeF’s export.',
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
				default: 'downloadInvoice',
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return everyItemFailsOnSetupError(this, () => router.call(this));
	}
}
