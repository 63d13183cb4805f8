import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { CheckpointTracker } from '../../src';
import { includeCheckpointOption, withCheckpoint } from '../shared/checkpoint';
import { createClient } from '../shared/credentials';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { filtersFromParameters, invoiceFilterProperties } from '../shared/invoiceFilters';
import { everyItemFailsOnSetupError, mapItems } from '../shared/perItem';
import { resultLimit, returnAllProperties } from '../shared/returnAll';

export class KsefQueryInvoices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Query Invoices',
		name: 'ksefQueryInvoices',
		icon: { light: 'file:ksefQueryInvoices.svg', dark: 'file:ksefQueryInvoices.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ $parameter["subjectType"] === "Subject1" ? "sales invoices" : $parameter["subjectType"] === "Subject2" ? "purchase invoices" : $parameter["subjectType"] === "Subject3" ? "as third party" : "as authorised entity" }}',
		description: 'Find invoices in KSeF by date, party, amount, type and more; one item per invoice',
		defaults: { name: 'KSeF Query Invoices' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Read-only. Searches KSeF for invoice metadata (KSeF number, invoice number, seller, buyer, amounts, currency, dates) of invoices where the credential’s company is the buyer, the seller or a third party, within a date range. Returns one item per invoice found.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ksefApi', required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			...invoiceFilterProperties(),
			...returnAllProperties(),
			{
				displayName:
					'Fetching a lot of invoices may take a long time: KSeF allows only a few dozen queries per hour on some environments. Consider using filters to speed things up.',
				name: 'returnAllNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { returnAll: [true] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [includeCheckpointOption],
			},
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return everyItemFailsOnSetupError(this, async () => {
			const { client, secrets } = await createClient(this);
			return [
				await mapItems(this, secrets, async (itemIndex) => {
					const filters = filtersFromParameters(this, itemIndex);
					const limit = resultLimit(this, itemIndex);
					const { includeCheckpoint = false } = this.getNodeParameter('options', itemIndex, {}) as { includeCheckpoint?: boolean };
					const checkpoint = includeCheckpoint ? new CheckpointTracker(filters.dateRange) : undefined;
					const found: INodeExecutionData[] = [];
					// Invoices become items as pages arrive; no response tree of everything is built first.
					for await (const invoice of client.queryInvoiceMetadata(filters, { limit, checkpoint })) found.push({ json: invoice as unknown as IDataObject, pairedItem: { item: itemIndex } });
					return checkpoint ? withCheckpoint(found, checkpoint.result()) : found;
				}),
			];
		});
	}
}
