import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { InvoiceQueryFilters } from '../../src';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { amount, currencyCodes, ksefNumberFilter, nipFilter } from '../../src/invoices/filterInput';
import { resolveDateRange } from '../../src/invoices/dateWindows';
import { parseKsefInstant, toWarsawIso } from '../../src/util/warsawTime';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

const INVOICE_TYPES = [
	{ name: 'VAT (Regular)', value: 'Vat' },
	{ name: 'KOR (Correction)', value: 'Kor' },
	{ name: 'ZAL (Advance Payment)', value: 'Zal' },
	{ name: 'ROZ (Settlement of Advance)', value: 'Roz' },
	{ name: 'UPR (Simplified)', value: 'Upr' },
	{ name: 'KOR_ZAL (Correction of Advance)', value: 'KorZal' },
	{ name: 'KOR_ROZ (Correction of Settlement)', value: 'KorRoz' },
	{ name: 'VAT PEF', value: 'VatPef' },
	{ name: 'VAT PEF SP', value: 'VatPefSp' },
	{ name: 'KOR PEF', value: 'KorPef' },
	{ name: 'VAT RR (Flat-Rate Farmer)', value: 'VatRr' },
	{ name: 'KOR VAT RR', value: 'KorVatRr' },
];

/** Which side of the invoice the credential's NIP is on: Query Invoices, Export and the trigger offer the same. */
export const SUBJECT_TYPE_OPTIONS = [
	{ name: 'Authorised Entity', value: 'SubjectAuthorized', description: 'Invoices naming the credential’s NIP as authorised entity (PodmiotUpowazniony)' },
	{ name: 'Buyer (Purchase Invoices)', value: 'Subject2', description: 'Invoices received: the credential’s NIP is the buyer (Podmiot2)' },
	{ name: 'Seller (Sales Invoices)', value: 'Subject1', description: 'Invoices issued: the credential’s NIP is the seller (Podmiot1)' },
	{ name: 'Third Party (Podmiot3)', value: 'Subject3', description: 'The credential’s NIP is a third party on the invoice, e.g. payer, recipient or group member' },
];

/** The filters of POST /invoices/query/metadata, with the Polish terms explained. */
export function invoiceFilterProperties(show: Show = {}): INodeProperties[] {
	const displayOptions = Object.keys(show ?? {}).length ? { show } : undefined;
	return [
		{
			displayName: 'Invoices Where I Am',
			name: 'subjectType',
			type: 'options',
			options: SUBJECT_TYPE_OPTIONS,
			default: 'Subject2',
			description: "Which side of the invoice the credential's NIP is on",
			hint: 'KSeF calls these Subject1 (Podmiot1, seller), Subject2 (Podmiot2, buyer), Subject3 (Podmiot3) and SubjectAuthorized',
			displayOptions,
		},
		{
			displayName: 'Date Type',
			name: 'dateType',
			type: 'options',
			options: [
				{ name: 'Invoicing Date', value: 'Invoicing', description: 'When KSeF received the invoice (data przyjęcia)' },
				{ name: 'Issue Date (P_1)', value: 'Issue', description: 'The date the seller put on the invoice (data wystawienia); a calendar day' },
				{
					name: 'Permanent Storage Date',
					value: 'PermanentStorage',
					description: 'When KSeF stored the invoice for good (data trwałego zapisu); best for incremental syncs',
				},
			],
			default: 'PermanentStorage',
			description: 'Which date From and To refer to; results come oldest first by this date',
			displayOptions,
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '={{ $now.minus({ days: 1 }).toISO() }}',
			required: true,
			description: 'Start of the range, e.g. 2026-03-01 or 2026-03-01T08:00:00+01:00, or an expression',
			hint: 'Without a time zone, Polish time is assumed. Ranges longer than KSeF allows (3 months) are split automatically.',
			displayOptions,
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: 'End of the range; empty means now',
			hint: 'A date without a time (e.g. 2026-03-31, or a day picked in the calendar) means the end of that day in Polish time, so the whole day is included. A date-time is exact; without a time zone, Polish time.',
			displayOptions,
		},
		filterCollectionProperty(displayOptions),
	];
}

/** The optional filters (everything but who and when), as one collection; the trigger shares it. */
export function filterCollectionProperty(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions,
		options: [
			// Text, not number: a number field cannot be empty, and its default 0 as "Amount To" returned no invoices.
			{ displayName: 'Amount From', name: 'amountFrom', type: 'string', default: '', placeholder: 'e.g. 1000.00', description: 'Smallest amount (of the Amount Type) to include; empty for no lower limit' },
			{ displayName: 'Amount To', name: 'amountTo', type: 'string', default: '', placeholder: 'e.g. 5000.00', description: 'Largest amount (of the Amount Type) to include; empty for no upper limit' },
			{
				displayName: 'Amount Type',
				name: 'amountType',
				type: 'options',
				options: [
					{ name: 'Gross (Brutto)', value: 'Brutto' },
					{ name: 'Net (Netto)', value: 'Netto' },
					{ name: 'VAT', value: 'Vat' },
				],
				default: 'Brutto',
				description: 'Which amount Amount From / Amount To apply to',
			},
			{ displayName: 'Buyer Identifier', name: 'buyerIdentifierValue', type: 'string', default: '', placeholder: 'e.g. 1111111111', description: 'The buyer’s NIP, EU VAT number or other ID (exact match)' },
			{
				displayName: 'Buyer Identifier Type',
				name: 'buyerIdentifierType',
				type: 'options',
				options: [
					{ name: 'NIP', value: 'Nip' },
					{ name: 'EU VAT Number', value: 'VatUe' },
					{ name: 'Other (Foreign Tax ID)', value: 'Other' },
					{ name: 'None (e.g. Consumer)', value: 'None' },
				],
				default: 'Nip',
			},
			{ displayName: 'Currencies', name: 'currencyCodes', type: 'string', default: '', placeholder: 'e.g. PLN, EUR', description: 'Invoice currencies (KodWaluty) as ISO 4217 codes, comma-separated' },
			{
				displayName: 'Form',
				name: 'formType',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'FA (Structured Invoice)', value: 'FA' },
					{ name: 'PEF (Peppol)', value: 'PEF' },
					{ name: 'FA_RR (Flat-Rate Farmer)', value: 'FA_RR' },
				],
				default: '',
			},
			{
				displayName: 'Has Attachment',
				name: 'hasAttachment',
				type: 'options',
				options: [
					{ name: 'Either', value: '' },
					{ name: 'Yes', value: 'true' },
					{ name: 'No', value: 'false' },
				],
				default: '',
				description: 'Whether the invoice carries a Zalacznik',
			},
			{ displayName: 'Invoice Number (P_2)', name: 'invoiceNumber', type: 'string', default: '', description: "The seller's invoice number, exact match" },
			{ displayName: 'Invoice Types', name: 'invoiceTypes', type: 'multiOptions', options: INVOICE_TYPES, default: [], description: 'Kinds of invoice (RodzajFaktury) to include' },
			{
				displayName: 'Invoicing Mode',
				name: 'invoicingMode',
				type: 'options',
				options: [
					{ name: 'Either', value: '' },
					{ name: 'Online', value: 'Online' },
					{ name: 'Offline', value: 'Offline' },
				],
				default: '',
			},
			{ displayName: 'KSeF Number', name: 'ksefNumber', type: 'string', default: '', placeholder: 'e.g. 5265877635-20250826-0100001AF629-AF', description: 'The number KSeF assigned on acceptance (numer KSeF)' },
			{
				displayName: 'Only Up to Storage High-Water Mark',
				name: 'restrictToPermanentStorageHwmDate',
				type: 'boolean',
				default: false,
				description: 'Whether to stop at the point up to which KSeF guarantees the data is complete (Permanent Storage Date only); recommended for incremental syncs',
			},
			{
				displayName: 'Self-Invoicing',
				name: 'isSelfInvoicing',
				type: 'options',
				options: [
					{ name: 'Either', value: '' },
					{ name: 'Yes (Samofakturowanie)', value: 'true' },
					{ name: 'No', value: 'false' },
				],
				default: '',
			},
			{ displayName: 'Seller NIP', name: 'sellerNip', type: 'string', default: '', placeholder: 'e.g. 5265877635', description: 'The seller’s Polish tax ID (NIP of Podmiot1), 10 digits' },
		],
	};
}

function instant(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string | undefined {
	const text = dateText(ctx.getNodeParameter(name, itemIndex, '') as unknown);
	if (!text) return undefined;
	const ms = parseKsefInstant(text);
	if (Number.isNaN(ms)) throw new KsefInputError(label, `"${text}" is not a date`, 'Use an ISO date such as 2026-03-01 or 2026-03-01T08:00:00+01:00, or an expression like {{ $now.minus({ days: 1 }) }}.');
	return toWarsawIso(ms);
}

/** A day without a time of day, typed or from the date picker (`2026-03-31T00:00:00`, no offset). */
const WHOLE_DAY = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?)?$/;

/**
 * As To, a day means all of that day: it is handed to the client as the bare day, which reads it as the end of
 * that day in Polish time (23:59:59.999, whatever the length of the day). Anything else is an exact instant.
 */
function rangeEnd(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const day = WHOLE_DAY.exec(dateText(ctx.getNodeParameter('to', itemIndex, '') as unknown))?.[1];
	return day ?? instant(ctx, 'to', 'To', itemIndex);
}

/** Expressions may hand over a Date or a Luxon DateTime ($now, $today) instead of a string. */
function dateText(raw: unknown): string {
	if (raw instanceof Date) return raw.toISOString();
	if (raw && typeof raw === 'object' && 'toISO' in raw && typeof raw.toISO === 'function') return String(raw.toISO());
	return String(raw ?? '').trim();
}

const triState = (value: unknown): boolean | undefined => (value === 'true' ? true : value === 'false' ? false : undefined);

export function filtersFromParameters(ctx: IExecuteFunctions, itemIndex: number): InvoiceQueryFilters {
	const from = instant(ctx, 'from', 'From', itemIndex);
	if (!from) throw new KsefInputError('From', 'is empty', 'Set the start of the date range.');
	const to = rangeEnd(ctx, itemIndex);
	const f = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const dateType = ctx.getNodeParameter('dateType', itemIndex) as InvoiceQueryFilters['dateRange']['dateType'];
	const filters: InvoiceQueryFilters = {
		subjectType: ctx.getNodeParameter('subjectType', itemIndex) as InvoiceQueryFilters['subjectType'],
		dateRange: { dateType, from, to, restrictToPermanentStorageHwmDate: f.restrictToPermanentStorageHwmDate === true && dateType === 'PermanentStorage' ? true : undefined },
	};
	// Names a To before From (or an unreadable date) before any request.
	resolveDateRange(filters.dateRange);
	return { ...filters, ...optionalFilters(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject) };
}

/** The optional filters of the Filters collection, checked before any request; unset ones do not filter. */
export function optionalFilters(f: IDataObject): Omit<InvoiceQueryFilters, 'subjectType' | 'dateRange'> {
	const filters: Omit<InvoiceQueryFilters, 'subjectType' | 'dateRange'> = {};
	// A filter added but left at its default does not filter: empty text, "Any"/"Either", an identifier type
	// without a value.
	const text = (name: string) => (f[name] === undefined || f[name] === null ? '' : String(f[name]).trim());
	if (text('ksefNumber')) filters.ksefNumber = ksefNumberFilter(text('ksefNumber'));
	if (text('invoiceNumber')) filters.invoiceNumber = text('invoiceNumber');
	if (text('sellerNip')) filters.sellerNip = nipFilter(text('sellerNip'), 'Seller NIP');
	const amountFrom = amount(f.amountFrom, 'Amount From');
	const amountTo = amount(f.amountTo, 'Amount To');
	if (amountFrom !== undefined && amountTo !== undefined && amountTo < amountFrom) throw new KsefInputError('Amount To', `(${amountTo}) is below Amount From (${amountFrom})`, 'Swap the amounts.');
	if (amountFrom !== undefined || amountTo !== undefined) {
		filters.amount = { type: (f.amountType as 'Brutto' | 'Netto' | 'Vat') ?? 'Brutto', from: amountFrom, to: amountTo };
	}
	const buyerType = (f.buyerIdentifierType as 'Nip' | 'VatUe' | 'Other' | 'None' | undefined) ?? 'Nip';
	if (buyerType === 'None') filters.buyerIdentifier = { type: 'None' };
	else if (text('buyerIdentifierValue')) {
		filters.buyerIdentifier = { type: buyerType, value: buyerType === 'Nip' ? nipFilter(text('buyerIdentifierValue'), 'Buyer Identifier') : text('buyerIdentifierValue') };
	}
	if (text('currencyCodes')) filters.currencyCodes = currencyCodes(text('currencyCodes'));
	if (Array.isArray(f.invoiceTypes) && f.invoiceTypes.length) filters.invoiceTypes = f.invoiceTypes as InvoiceQueryFilters['invoiceTypes'];
	if (f.formType) filters.formType = f.formType as InvoiceQueryFilters['formType'];
	if (f.invoicingMode) filters.invoicingMode = f.invoicingMode as InvoiceQueryFilters['invoicingMode'];
	if (triState(f.isSelfInvoicing) !== undefined) filters.isSelfInvoicing = triState(f.isSelfInvoicing);
	if (triState(f.hasAttachment) !== undefined) filters.hasAttachment = triState(f.hasAttachment);
	return filters;
}
