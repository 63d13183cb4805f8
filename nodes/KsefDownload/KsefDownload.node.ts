import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { invoiceVerificationLink, parseInvoice, type KsefClient } from '../../src';
import { inspectInvoice } from '../../src/fa3/inspect';
import { createClient } from '../shared/credentials';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { filtersFromParameters, invoiceFilterProperties } from '../shared/invoiceFilters';
import { mapItems } from '../shared/perItem';

type Operation = 'invoice' | 'upo' | 'export';

export class KsefDownload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Download',
		name: 'ksefDownload',
		icon: { light: 'file:../../icons/ksef.svg', dark: 'file:../../icons/ksef.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Download invoices (XML and JSON), their UPO receipts, or a whole date range through the KSeF export',
		defaults: { name: 'KSeF Download' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ksefApi', required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Download Invoice', value: 'invoice', action: 'Download an invoice', description: 'The invoice XML by KSeF number, optionally parsed to JSON' },
					{ name: 'Download Invoice UPO', value: 'upo', action: 'Download the UPO of an invoice', description: 'The official receipt of an invoice sent in a session' },
					{ name: 'Export Invoices', value: 'export', action: 'Export invoices in a date range', description: 'Large syncs: KSeF packs the invoices; one item per invoice' },
				],
				default: 'invoice',
			},
			{
				displayName: 'KSeF Number',
				name: 'ksefNumber',
				type: 'string',
				default: '={{ $json.ksefNumber }}',
				required: true,
				displayOptions: { show: { operation: ['invoice', 'upo'] } },
			},
			{
				displayName: 'Session Reference Number',
				name: 'sessionReferenceNumber',
				type: 'string',
				default: '={{ $json.sessionReferenceNumber }}',
				required: true,
				description: 'The session the invoice was sent in',
				displayOptions: { show: { operation: ['upo'] } },
			},
			...invoiceFilterProperties({ operation: ['export'] }),
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { operation: ['invoice', 'upo', 'export'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: { show: { operation: ['invoice', 'export'] } },
				options: [
					{
						displayName: 'Parse to JSON',
						name: 'parseJson',
						type: 'boolean',
						default: true,
						description: 'Whether to add the invoice as JSON (field "invoice"), so the next node can map e.g. Fa.P_15 without an XML step',
					},
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 8 },
						default: 4,
						description: 'How many invoices are downloaded at once (KSeF rate-limits downloads; 429 answers are waited out)',
					},
					{
						displayName: 'Max Wait for Export (Minutes)',
						name: 'maxWaitMinutes',
						type: 'number',
						default: 30,
						description: 'Exports can sit in KSeF’s queue for a long time; after this the node stops and can be run again',
					},
				],
			},
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { client, token } = await createClient(this);
		const { concurrency } = this.getNodeParameter('options', 0, {}) as { concurrency?: number };
		return [
			await mapItems(
				this,
				[token],
				async (itemIndex) => {
					const operation = this.getNodeParameter('operation', itemIndex) as Operation;
					if (operation === 'invoice') return [await downloadOne(this, client, itemIndex)];
					if (operation === 'upo') return [await downloadUpo(this, client, itemIndex)];
					return exportRange(this, client, itemIndex);
				},
				concurrency ?? 4,
			),
		];
	}
}

async function invoiceItem(ctx: IExecuteFunctions, client: KsefClient, itemIndex: number, ksefNumber: string, xml: Buffer, extra: IDataObject): Promise<INodeExecutionData> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { parseJson?: boolean };
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const facts = inspectInvoice(xml);
	const json: IDataObject = {
		ksefNumber,
		invoiceNumber: facts.invoiceNumber ?? null,
		sellerNip: facts.sellerNip ?? null,
		issueDate: facts.issueDate ?? null,
		grossAmount: facts.grossAmount ?? null,
		currency: facts.currency ?? null,
		verificationLink: facts.sellerNip && facts.issueDate ? invoiceVerificationLink(client.baseUrl, facts.sellerNip, facts.issueDate, xml) : null,
		...extra,
	};
	if (options.parseJson ?? true) json.invoice = parseInvoice(xml) as unknown as IDataObject;
	const binary: Record<string, IBinaryData> = { [property]: await ctx.helpers.prepareBinaryData(xml, `${ksefNumber}.xml`, 'application/xml') };
	return { json, binary };
}

async function downloadOne(ctx: IExecuteFunctions, client: KsefClient, itemIndex: number): Promise<INodeExecutionData> {
	const ksefNumber = String(ctx.getNodeParameter('ksefNumber', itemIndex, '')).trim();
	const xml = await client.downloadInvoice(ksefNumber);
	return invoiceItem(ctx, client, itemIndex, ksefNumber, xml, {});
}

async function downloadUpo(ctx: IExecuteFunctions, client: KsefClient, itemIndex: number): Promise<INodeExecutionData> {
	const ksefNumber = String(ctx.getNodeParameter('ksefNumber', itemIndex, '')).trim();
	const sessionReferenceNumber = String(ctx.getNodeParameter('sessionReferenceNumber', itemIndex, '')).trim();
	const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const upo = await client.downloadInvoiceUpo(sessionReferenceNumber, { ksefNumber });
	return { json: { ksefNumber, sessionReferenceNumber }, binary: { [property]: await ctx.helpers.prepareBinaryData(upo, `UPO-${ksefNumber}.xml`, 'application/xml') } };
}

async function exportRange(ctx: IExecuteFunctions, client: KsefClient, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = filtersFromParameters(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { maxWaitMinutes?: number };
	const output: INodeExecutionData[] = [];
	for await (const invoice of client.exportInvoices(filters, { maxWaitMs: (options.maxWaitMinutes ?? 30) * 60_000 })) {
		output.push(await invoiceItem(ctx, client, itemIndex, invoice.ksefNumber, invoice.xml, { metadata: (invoice.metadata ?? null) as IDataObject | null }));
	}
	return output;
}
