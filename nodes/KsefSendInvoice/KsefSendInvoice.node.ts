import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { InvoiceOutcome, InvoiceToSend } from '../../src';
import { refuseAgentSendingOnProd } from '../shared/agentGuard';
import { createClient } from '../shared/credentials';
import { technicalCorrectionOf, technicalCorrectionOption } from '../shared/technicalCorrection';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { ItemResults } from '../shared/itemResults';
import { everyItemFailsOnSetupError } from '../shared/perItem';
import { invoiceSourceProperties, preflightItems } from '../shared/invoiceInput';
import { outcomeJson } from '../shared/outcomeJson';
import { outcomeHints, routeOutcome } from '../shared/outcomeRouting';
import { credentialNip, onBehalfOption, sellerMismatch } from '../shared/sellerCheck';
import { failedReferences, reachedKsefSummary } from '../shared/reachedKsef';

interface SendOptions {
	waitForProcessing?: boolean;
	maxWaitSeconds?: number;
	validateXsd?: boolean;
	attachUpo?: boolean;
	upoBinaryPropertyName?: string;
	concurrency?: number;
	offlineMode?: boolean;
	onBehalfOfSeller?: boolean;
}

export class KsefSendInvoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Send Invoice',
		name: 'ksefSendInvoice',
		icon: { light: 'file:ksefSendInvoice.svg', dark: 'file:ksefSendInvoice.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'FA(3) → KSeF',
		description: 'Send FA(3) e-invoices to KSeF 2.0 in one online session and get their KSeF numbers',
		defaults: { name: 'KSeF Send Invoice' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Issues Polish FA(3) e-invoices in KSeF, the national e-invoice system; on PROD each accepted invoice is legally binding. Input: the complete FA(3) XML of each invoice (text or file). Returns per invoice: outcome (accepted, duplicate, rejected, pending), the KSeF number when accepted, and an explanation of any problem. Use only when the user explicitly asks to send or issue an invoice, never to test or preview one; an invoice sent again is reported as a duplicate, not issued twice.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ksefApi', required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			{
				displayName:
					'All input items are sent in one KSeF online session. Invoices with attachments (Zalacznik) need the KSeF Batch Send node.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...invoiceSourceProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Attach UPO',
						name: 'attachUpo',
						type: 'boolean',
						default: false,
						description: 'Whether to add the official receipt (UPO) of each accepted invoice as a binary XML file',
					},
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10 },
						default: 4,
						description: 'How many invoices are in flight at once within the session',
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 120,
						description:
							'How long to wait for KSeF to finish processing. Invoices still in progress then are returned as "pending" with the references to check later. Not used when Wait for Processing is off.',
					},
					{
						displayName: 'Offline Mode',
						name: 'offlineMode',
						type: 'boolean',
						default: false,
						description: 'Whether the invoices were issued offline (tryb offline) and are being sent afterwards',
					},
					onBehalfOption,
					technicalCorrectionOption,
					{
						displayName: 'UPO Output Field',
						name: 'upoBinaryPropertyName',
						type: 'string',
						default: 'upo',
						displayOptions: { show: { attachUpo: [true] } },
					},
					{
						displayName: 'Validate Before Sending',
						name: 'validateXsd',
						type: 'boolean',
						default: true,
						description: 'Whether to check each invoice against the FA(3) schema before anything is sent',
					},
					{
						displayName: 'Wait for Processing',
						name: 'waitForProcessing',
						type: 'boolean',
						default: true,
						description:
							'Whether to wait for the KSeF number of each invoice. Off: return the references at once and check later with KSeF Check Status.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return everyItemFailsOnSetupError(this, async () => {
			await refuseAgentSendingOnProd(this);
			const items = this.getInputData();
			const options = this.getNodeParameter('options', 0, {}) as SendOptions;
			const results = new ItemResults(this);

			// Check every invoice before opening a session, so a bad item never leaves the others half sent.
			const toSend: Array<{ itemIndex: number; invoice: InvoiceToSend }> = [];
			const contextNip = options.onBehalfOfSeller ? undefined : await credentialNip(this);
			await preflightItems(this, results, { mode: 'online', validateXsd: options.validateXsd ?? true }, (itemIndex, xml, facts) => {
				const mismatch = contextNip === undefined ? undefined : sellerMismatch(facts, contextNip);
				if (mismatch) {
					results.fail(itemIndex, mismatch);
					return;
				}
				try {
					// A technical correction is an offline invoice by definition (offlineMode: true with the hash).
					const hashOfCorrectedInvoice = technicalCorrectionOf(this, itemIndex);
					toSend.push({ itemIndex, invoice: { xml, offlineMode: hashOfCorrectedInvoice !== undefined || (options.offlineMode ?? false), hashOfCorrectedInvoice } });
				} catch (error) {
					results.fail(itemIndex, error);
				}
			});

			if (toSend.length > 0) {
				const { client, secrets } = await createClient(this);
				results.secrets.push(...secrets);
				let outcomes: InvoiceOutcome[];
				try {
					outcomes = await client.sendInvoices(
						toSend.map((entry) => entry.invoice),
						{
							concurrency: options.concurrency ?? 4,
							waitForProcessing: options.waitForProcessing ?? true,
							maxWaitMs: (options.maxWaitSeconds ?? 120) * 1000,
							fetchUpo: (options.attachUpo ?? false) && (options.waitForProcessing ?? true),
						},
					);
				} catch (error) {
					// The session could not be opened: nothing was sent, every invoice gets the same error.
					for (const { itemIndex } of toSend) results.fail(itemIndex, error);
					outcomes = [];
				}
				// Stopping on a failed invoice hides the other items' results, so the error says where they are.
				const stopDescription = reachedKsefSummary(outcomes);
				for (const outcome of outcomes) {
					const itemIndex = toSend[outcome.index].itemIndex;
					if (outcome.outcome === 'failed') {
						results.fail(itemIndex, outcome.error ?? new Error('Sending failed'), failedReferences(outcome), stopDescription);
						continue;
					}
					results.set(itemIndex, routeOutcome(this, await outputItem(this, items[itemIndex], itemIndex, outcome, options), itemIndex));
				}
				outcomeHints(this, outcomes.map((outcome) => outcome.outcome));
			}

			return [results.all()];
		});
	}
}

async function outputItem(
	ctx: IExecuteFunctions,
	input: INodeExecutionData,
	itemIndex: number,
	outcome: InvoiceOutcome,
	options: SendOptions,
): Promise<INodeExecutionData> {
	const json: IDataObject = outcomeJson(outcome);
	const binary = { ...(input.binary ?? {}) };
	if (outcome.upo) {
		const fileName = `UPO-${outcome.ksefNumber ?? outcome.invoiceReferenceNumber}.xml`;
		try {
			binary[options.upoBinaryPropertyName ?? 'upo'] = await ctx.helpers.prepareBinaryData(outcome.upo, fileName, 'application/xml');
		} catch (error) {
			// KSeF has the invoice: a UPO that could not be stored must not cost the item its KSeF number.
			json.warning = [json.warning, `The UPO could not be stored (${(error as Error).message}); download it with KSeF Check Status.`].filter(Boolean).join(' ');
		}
	}
	return { json, binary: Object.keys(binary).length ? binary : undefined, pairedItem: { item: itemIndex } };
}
