import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { entryName, type BatchInvoice, type BatchSessionResult, type InvoiceOutcome } from '../../src';
import { sha256Base64 } from '../../src/crypto/hash';
import { outcomeFromStatus } from '../../src/sessions/invoiceOutcome';
import { refuseAgentSendingOnProd } from '../shared/agentGuard';
import { createClient } from '../shared/credentials';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { invoiceSourceProperties, preflightItems, readInvoiceXml } from '../shared/invoiceInput';
import { ItemResults } from '../shared/itemResults';
import { outcomeJson } from '../shared/outcomeJson';
import { outcomeHints, routeOutcome } from '../shared/outcomeRouting';
import { credentialNip, onBehalfOption, sellerMismatch } from '../shared/sellerCheck';
import { failedReferences, reachedKsefSummary } from '../shared/reachedKsef';
import { everyItemFailsOnSetupError, mapItems } from '../shared/perItem';

interface BatchOptions {
	partSizeMb?: number;
	waitForProcessing?: boolean;
	maxWaitSeconds?: number;
	validateXsd?: boolean;
	attachUpo?: boolean;
	upoBinaryPropertyName?: string;
	uploadConcurrency?: number;
	offlineMode?: boolean;
	onBehalfOfSeller?: boolean;
}

export class KsefBatchSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Batch Send',
		name: 'ksefBatchSend',
		icon: { light: 'file:ksefBatchSend.svg', dark: 'file:ksefBatchSend.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["inputMode"] === "zip" ? "ZIP → KSeF" : "invoices → ZIP → KSeF" }}',
		description: 'Send many FA(3) invoices, with attachments if needed, through KSeF batch sessions',
		defaults: { name: 'KSeF Batch Send' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Issues many Polish FA(3) e-invoices in KSeF at once through a batch session (also invoices with attachments, or a ready ZIP of invoices); on PROD each accepted invoice is legally binding. Returns one result per invoice: outcome, KSeF number and explanation. Use only when the user explicitly asks to send a set of invoices.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ksefApi', required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			{
				displayName: 'Input',
				name: 'inputMode',
				type: 'options',
				options: [
					{ name: 'One Invoice per Item', value: 'invoices', description: 'Each input item holds one FA(3) XML; one result per item' },
					{ name: 'ZIP of Invoices', value: 'zip', description: 'A ZIP file you already have; one result per invoice in it' },
				],
				default: 'invoices',
			},
			...invoiceSourceProperties.map((property) =>
				property.name === 'invoiceSource'
					? { ...property, displayOptions: { show: { inputMode: ['invoices'] } } }
					: { ...property, displayOptions: { show: { inputMode: ['invoices'], ...property.displayOptions?.show } } },
			),
			{
				displayName: 'ZIP Binary Field',
				name: 'zipBinaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				displayOptions: { show: { inputMode: ['zip'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Attach Session UPO',
						name: 'attachUpo',
						type: 'boolean',
						default: false,
						description: 'Whether to add the session UPO (official receipt) as binary to the first result item of each session',
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 600,
						description: 'How long to wait for KSeF to process the batch, counted from when the upload is done; invoices not done by then are returned as "pending" with the session reference',
					},
					{
						displayName: 'Offline Mode',
						name: 'offlineMode',
						type: 'boolean',
						default: false,
						description: 'Whether the invoices were issued offline and are being sent afterwards',
					},
					{ ...onBehalfOption, displayOptions: { show: { '/inputMode': ['invoices'] } } },
					{
						displayName: 'Part Size (MB)',
						name: 'partSizeMb',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 100 },
						default: 100,
						description: 'The ZIP is cut into parts of at most this size before encryption (KSeF allows 100 MB, 50 parts)',
					},
					{
						displayName: 'Upload Concurrency',
						name: 'uploadConcurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 8 },
						default: 4,
					},
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
						description: 'Whether to check each invoice against the FA(3) schema before the batch is built',
						// A ready ZIP is sent as it is: its invoices are compressed and KSeF judges them.
						displayOptions: { show: { '/inputMode': ['invoices'] } },
					},
					{
						displayName: 'Wait for Processing',
						name: 'waitForProcessing',
						type: 'boolean',
						default: true,
					},
				],
			},
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return everyItemFailsOnSetupError(this, async () => {
			await refuseAgentSendingOnProd(this);
			const options = this.getNodeParameter('options', 0, {}) as BatchOptions;
			const mode = this.getNodeParameter('inputMode', 0) as 'invoices' | 'zip';
			return [mode === 'zip' ? await sendZipItems(this, options) : await sendInvoiceItems(this, options)];
		});
	}
}

function sendOptions(options: BatchOptions) {
	return {
		partSizeBytes: Math.round((options.partSizeMb ?? 100) * 1_000_000),
		waitForProcessing: options.waitForProcessing ?? true,
		maxWaitMs: (options.maxWaitSeconds ?? 600) * 1000,
		fetchUpo: options.attachUpo ?? false,
		uploadConcurrency: options.uploadConcurrency ?? 4,
		offlineMode: options.offlineMode ?? false,
	};
}

async function sendInvoiceItems(ctx: IExecuteFunctions, options: BatchOptions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const results = new ItemResults(ctx);

	// First pass: check each invoice and note its size and hash; the XML is read again while zipping, so the
	// batch is never held in memory.
	const planned: BatchInvoice[] = [];
	let hasAttachments = false;
	const contextNip = options.onBehalfOfSeller ? undefined : await credentialNip(ctx);
	await preflightItems(ctx, results, { mode: 'batch', validateXsd: options.validateXsd ?? true }, (itemIndex, xml, facts) => {
		const mismatch = contextNip === undefined ? undefined : sellerMismatch(facts, contextNip);
		if (mismatch) return results.fail(itemIndex, mismatch);
		hasAttachments ||= facts.hasAttachment;
		planned.push({
			index: itemIndex,
			fileName: entryName(itemIndex, facts.invoiceNumber),
			size: xml.length,
			invoiceHash: sha256Base64(xml),
			read: () => readInvoiceXml(ctx, itemIndex),
		});
	});

	if (planned.length > 0) {
		const { client, secrets } = await createClient(ctx);
		results.secrets.push(...secrets);
		let outcomes: InvoiceOutcome[] = [];
		let sessions: BatchSessionResult[] = [];
		try {
			({ outcomes, sessions } = await client.sendBatch(planned, { ...sendOptions(options), hasAttachments }));
		} catch (error) {
			for (const invoice of planned) results.fail(invoice.index, error);
		}
		const fileNames = new Map(planned.map((invoice) => [invoice.index, invoice.fileName]));
		const upoGiven = new Set<string>();
		const stopDescription = reachedKsefSummary(outcomes);
		for (const outcome of outcomes) {
			if (outcome.outcome === 'failed') {
				results.fail(outcome.index, outcome.error ?? new Error('Sending the batch failed'), { ...failedReferences(outcome), invoiceFileName: fileNames.get(outcome.index) ?? null }, stopDescription);
				continue;
			}
			const json: IDataObject = { ...outcomeJson(outcome), invoiceFileName: fileNames.get(outcome.index) ?? null };
			const binary: Record<string, IBinaryData> = { ...(items[outcome.index].binary ?? {}) };
			const session = sessions.find((s) => s.referenceNumber === outcome.sessionReferenceNumber);
			if (session && session.upo.length && !upoGiven.has(session.referenceNumber)) {
				upoGiven.add(session.referenceNumber);
				const upoWarning = await attachUpo(ctx, binary, session, options);
				if (upoWarning) json.warning = [json.warning, upoWarning].filter(Boolean).join(' ');
			}
			results.set(outcome.index, routeOutcome(ctx, { json, binary: Object.keys(binary).length ? binary : undefined, pairedItem: { item: outcome.index } }, outcome.index));
		}
		outcomeHints(ctx, outcomes.map((outcome) => outcome.outcome));
	}

	return results.all();
}

async function sendZipItems(ctx: IExecuteFunctions, options: BatchOptions): Promise<INodeExecutionData[]> {
	const { client, secrets } = await createClient(ctx);
	const zipOutcomes: string[] = [];
	const items = await mapItems(ctx, secrets, async (itemIndex) => {
		const property = ctx.getNodeParameter('zipBinaryPropertyName', itemIndex) as string;
		const binary = ctx.helpers.assertBinaryData(itemIndex, property);
		// KSeF takes ZIPs up to 5 GB, more than a Node buffer holds: a file in n8n's binary store is read as a stream.
		const stream = binary.id ? await ctx.helpers.getBinaryStream(binary.id) : undefined;
		const zip = stream ? () => stream : await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		// The ZIP is compressed, so its invoices cannot be checked for Zalacznik here; without the permission KSeF
		// reports 410 on each such invoice, which its result item then explains.
		const { session, results, problem, warning: fetchWarning } = await client.sendExistingZip(zip, sendOptions(options));
		const upoBinary: Record<string, IBinaryData> = {};
		const warning = [fetchWarning, await attachUpo(ctx, upoBinary, session, options)].filter(Boolean).join(' ') || undefined;
		const zipFileName = binary.fileName ?? null;
		const outcomes = results.map((result, position) => outcomeFromStatus(position, session.referenceNumber, result));
		zipOutcomes.push(...outcomes.map((outcome) => outcome.outcome));
		const output = outcomes.map((outcome, position) =>
			routeOutcome(
				ctx,
				{
					json: { ...outcomeJson(outcome), invoiceFileName: results[position].invoiceFileName ?? null, zipFileName, warning: warning ?? null },
					binary: position === 0 && Object.keys(upoBinary).length ? upoBinary : undefined,
				},
				itemIndex,
			),
		);
		// KSeF lists a package's invoices only once it has processed them: until then (no waiting, Max Wait reached,
		// or the list could not be read) the ZIP's item says where they are, so no reference is lost.
		const expected = session.status?.invoiceCount ?? undefined;
		if (problem || results.length === 0 || (expected !== undefined && results.length < expected)) {
			zipOutcomes.push('pending');
			output.push({
				json: {
					outcome: 'pending',
					sessionReferenceNumber: session.referenceNumber,
					sessionStatusCode: session.status?.status.code ?? null,
					invoiceCount: expected ?? null,
					invoicesListed: results.length,
					zipFileName,
					problem:
						problem ??
						`KSeF has listed ${results.length} of the package's invoices so far; the rest are still being processed. Finish with KSeF Check Status → List Session Invoices for session ${session.referenceNumber}.`,
					warning: warning ?? null,
				},
				binary: output.length === 0 && Object.keys(upoBinary).length ? upoBinary : undefined,
			});
		}
		return output;
	});
	outcomeHints(ctx, zipOutcomes);
	return items;
}

/** Stores the session UPO's pages on the item; a UPO that cannot be stored is returned as a warning, never thrown (KSeF holds the invoices). */
async function attachUpo(ctx: IExecuteFunctions, binary: Record<string, IBinaryData>, session: BatchSessionResult, options: BatchOptions): Promise<string | undefined> {
	const property = options.upoBinaryPropertyName ?? 'upo';
	try {
		for (const [page, upo] of session.upo.entries()) {
			const name = page === 0 ? property : `${property}_${page + 1}`;
			binary[name] = await ctx.helpers.prepareBinaryData(upo.xml, `UPO-${session.referenceNumber}-${upo.referenceNumber}.xml`, 'application/xml');
		}
		return undefined;
	} catch (error) {
		return `The session UPO could not be stored (${(error as Error).message}); download it with KSeF Check Status.`;
	}
}
