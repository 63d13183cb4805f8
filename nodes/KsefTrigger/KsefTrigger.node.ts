import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { describeSystemWarning, KsefClient, newCursor, readCursor, SUBJECT_TYPES, type SubjectType, type SyncCursor, type SyncFilters } from '../../src';
import { describeKsefError } from '../../src/errors/describe';
import { parseKsefInstant } from '../../src/util/warsawTime';
import { connectionFromCredential, KSEF_CREDENTIAL } from '../shared/credentials';
import { ksefApiCredentialTest } from '../shared/credentialTest';
import { filterCollectionProperty, optionalFilters, SUBJECT_TYPE_OPTIONS } from '../shared/invoiceFilters';
import { n8nServices } from '../shared/n8nServices';
import { renderPdfOptions, type InvoicePdfOptions } from '../shared/invoicePdf';
import { triggerItem } from './triggerItem';

/** What the trigger keeps in the workflow's static data: one cursor per subject type. */
interface TriggerState {
	cursors?: Partial<Record<SubjectType, SyncCursor>>;
}

/** "Fetch Test Event" looks this far back and shows at most this many invoices per subject type. */
const TEST_LOOKBACK_MS = 7 * 24 * 3_600_000;
const TEST_MAX_INVOICES = 10;
/** A 429 asking for a longer wait ends the poll (the rest comes at the next one) instead of holding it. */
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

const filtersProperty = filterCollectionProperty();
// The trigger always stops at the HWM; offering the switch would only invite missed invoices.
filtersProperty.options = filtersProperty.options?.filter((option) => option.name !== 'restrictToPermanentStorageHwmDate');

export class KsefTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Trigger',
		name: 'ksefTrigger',
		icon: { light: 'file:ksefTrigger.svg', dark: 'file:ksefTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "new " + $parameter["subjectTypes"].map(t => ({"Subject1":"sales","Subject2":"purchase","Subject3":"third-party","SubjectAuthorized":"authorised-entity"})[t]).join(", ") + " invoices" }}',
		description: 'Starts the workflow once for every new invoice in KSeF',
		defaults: { name: 'KSeF Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KSEF_CREDENTIAL, required: true, testedBy: 'ksefApiCredentialTest' }],
		properties: [
			{
				displayName:
					'The trigger remembers which invoices it has delivered in the workflow’s static data, which n8n keeps only while the workflow is active (published). “Fetch Test Event” shows up to 10 invoices of the last 7 days and does not move that position.',
				name: 'staticDataNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Invoices Where I Am',
				name: 'subjectTypes',
				type: 'multiOptions',
				options: SUBJECT_TYPE_OPTIONS,
				default: ['Subject2'],
				required: true,
				description: "Which side of the invoice the credential's NIP is on; each choice is followed on its own",
			},
			{
				displayName: 'Start From',
				name: 'start',
				type: 'options',
				options: [
					{ name: 'Now', value: 'now', description: 'Only invoices KSeF stores after the workflow is activated' },
					{ name: 'A Date (Backfill)', value: 'date', description: 'Also every invoice stored since a date, delivered over as many polls as KSeF’s limits need' },
				],
				default: 'now',
				description: 'Where the first activation begins; later polls go on from where the last one stopped',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				required: true,
				description: 'Invoices permanently stored in KSeF from this moment on; without a time zone, Polish time',
				displayOptions: { show: { start: ['date'] } },
			},
			{
				displayName: 'Include Invoice XML',
				name: 'includeXml',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the invoice file as binary, its KOD I verification link and the parsed invoice. A few invoices are downloaded one by one, many through one KSeF export, within KSeF’s hourly limits.',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				hint: 'The name of the output binary field to put the XML file in',
				displayOptions: { show: { includeXml: [true] } },
			},
			filtersProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Max Invoices per Poll',
						name: 'maxInvoices',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1000,
						description: 'Most invoices one poll starts the workflow with, per subject type; the rest follow at the next polls',
					},
					{
						displayName: 'Parse Invoice to JSON',
						name: 'parseJson',
						type: 'boolean',
						default: true,
						description: 'Whether to add the whole invoice as JSON (with Include Invoice XML)',
					},
					{
						displayName: 'Single Downloads Up To',
						name: 'singleDownloadMax',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 64 },
						default: 10,
						description:
							'With Include Invoice XML: up to this many new invoices are downloaded one by one (KSeF allows 64 an hour); more go through one export (20 an hour, up to 10,000 invoices each)',
					},
					// Rendering needs the invoice file, which only Include Invoice XML fetches.
					...renderPdfOptions({ show: { '/includeXml': [true] } }),
				],
			},
		],
	};

	methods = { credentialTest: { ksefApiCredentialTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const testing = this.getMode() === 'manual';
		const subjectTypes = [...new Set(this.getNodeParameter('subjectTypes', []) as SubjectType[])].filter((s) => SUBJECT_TYPES.includes(s));
		if (!subjectTypes.length) throw new NodeOperationError(this.getNode(), 'Choose at least one option in "Invoices Where I Am".');
		const includeXml = this.getNodeParameter('includeXml', false) as boolean;
		const options = this.getNodeParameter('options', {}) as { maxInvoices?: number; parseJson?: boolean; singleDownloadMax?: number } & InvoicePdfOptions;
		const credential = await this.getCredentials(KSEF_CREDENTIAL);
		const connection = await orNodeError(this, [], () => connectionFromCredential(credential));
		const filters = await orNodeError(this, connection.secrets, () => optionalFilters(this.getNodeParameter('filters', {}) as IDataObject));
		const startMs = testing ? Date.now() - TEST_LOOKBACK_MS : startInstant(this);
		const client = new KsefClient({
			...connection.options,
			...n8nServices(this),
			retry: { maxRetryAfterMs: MAX_RATE_LIMIT_WAIT_MS },
			onSystemWarning: (warning) => this.logger.warn(describeSystemWarning(warning)),
		});
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const settings = {
			baseUrl: client.baseUrl,
			binaryPropertyName: this.getNodeParameter('binaryPropertyName', 'data') as string,
			parseJson: options.parseJson ?? true,
			pdf: { renderPdf: includeXml && options.renderPdf === true, pdfLanguage: options.pdfLanguage },
		};

		const items: INodeExecutionData[] = [];
		// Cursors move only once every subject type's poll succeeded: a failure later in the loop must not leave an
		// earlier cursor past invoices that were never emitted.
		const moved: Partial<Record<SubjectType, SyncCursor>> = {};
		for (const subjectType of subjectTypes) {
			// A test fetch starts afresh and its cursor is thrown away, so the active workflow misses nothing.
			const cursor = (testing ? undefined : readCursor(state.cursors?.[subjectType], subjectType)) ?? newCursor(subjectType, startMs);
			if (!testing && !state.cursors?.[subjectType]) {
				// Fixed at the first poll, so "now" means the activation, not each later poll.
				state.cursors = { ...state.cursors, [subjectType]: cursor };
			}
			const result = await orNodeError(this, connection.secrets, () =>
				client.pollNewInvoices(cursor, {
					filters: filters as SyncFilters,
					includeXml,
					maxInvoices: testing ? TEST_MAX_INVOICES : options.maxInvoices,
					singleDownloadMax: options.singleDownloadMax,
				}),
			);
			for (const invoice of result.invoices) items.push(await triggerItem(this, settings, invoice));
			moved[subjectType] = result.cursor;
			if (result.stoppedBy === 'rateLimit') this.logger.info(`KSeF Trigger: KSeF's rate limit reached for ${subjectType}; the remaining invoices follow at the next poll.`);
		}
		if (!testing) state.cursors = { ...state.cursors, ...moved };
		return items.length ? [items] : null;
	}
}

function startInstant(ctx: IPollFunctions): number {
	if ((ctx.getNodeParameter('start', 'now') as string) !== 'date') return Date.now();
	const raw = ctx.getNodeParameter('startDate', '') as unknown;
	const text = raw instanceof Date ? raw.toISOString() : String(raw ?? '').trim();
	const ms = parseKsefInstant(text);
	if (!text || Number.isNaN(ms)) throw new NodeOperationError(ctx.getNode(), `Start Date "${text}" is not a date. Use an ISO date such as 2026-03-01 or 2026-03-01T08:00:00+01:00.`);
	return ms;
}

/** Runs one step of the poll; a failure keeps KSeF's advice (what to do about a code, a refused filter, a credential). */
async function orNodeError<T>(ctx: IPollFunctions, secrets: string[], run: () => T | Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw asNodeError(ctx, error, secrets);
	}
}

/** KSeF's advice (what to do about a code, a refused filter, a credential) kept as the error's description. */
function asNodeError(ctx: IPollFunctions, error: unknown, secrets: string[]): NodeOperationError {
	const { message, description } = describeKsefError(error, secrets);
	return new NodeOperationError(ctx.getNode(), message, description ? { description } : {});
}
