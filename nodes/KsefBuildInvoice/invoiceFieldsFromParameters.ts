import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { InvoiceFields, InvoiceKind, LineFields } from '../../src/fa3/build';
import { KsefInputError } from '../../src/errors/KsefInputError';

/** A JSON parameter as n8n hands it over: an object or array from an expression, or the text typed into the editor. */
function jsonParameter<T>(value: unknown, field: string): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') return value as T;
	let problem: string;
	try {
		return JSON.parse(value) as T;
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new KsefInputError(field, `is not valid JSON (${problem})`, 'Check the brackets and quotes, or map an array/object with an expression.');
}

const commaList = (value: unknown): string[] | undefined => {
	const items = String(value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
	return items.length ? items : undefined;
};

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** The invoice fields of one item: the JSON object as given, or the node's fields put together. */
export function invoiceFieldsFromParameters(ctx: IExecuteFunctions, itemIndex: number): InvoiceFields {
	const parameter = <T>(name: string, fallback?: T) => ctx.getNodeParameter(name, itemIndex, fallback) as T;
	if (parameter<string>('defineInvoice', 'fields') === 'json') {
		const fields = jsonParameter<InvoiceFields>(parameter('invoiceJson'), 'Invoice (JSON)');
		if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
			throw new KsefInputError('Invoice (JSON)', 'must be one JSON object of invoice fields', 'See the field description for the keys, e.g. { "invoiceNumber": "FV/1", "issueDate": "2026-03-31", … }.');
		}
		return fields;
	}

	const kind = parameter<InvoiceKind>('kind', 'VAT');
	const extra = parameter<IDataObject>('additionalFields', {});
	const buyerIdType = parameter<'nip' | 'euVat' | 'foreign' | 'none'>('buyerIdType', 'nip');
	const lines =
		parameter<string>('lineItemsSource', 'json') === 'fixed'
			? (parameter<{ line?: LineFields[] }>('lineItems', {}).line ?? [])
			: jsonParameter<LineFields[]>(parameter('lineItemsJson'), 'Line Items (JSON)');
	const correction = parameter<IDataObject>('correction', {});
	const settlement = parameter<IDataObject>('settlement', {});
	const payment = parameter<IDataObject>('payment', {});

	return {
		kind,
		invoiceNumber: parameter('invoiceNumber'),
		issueDate: parameter('issueDate'),
		issuePlace: extra.issuePlace as string | undefined,
		saleDate: extra.saleDate as string | undefined,
		salePeriodFrom: extra.salePeriodFrom as string | undefined,
		salePeriodTo: extra.salePeriodTo as string | undefined,
		currency: parameter('currency', 'PLN'),
		exchangeRate: blankToUndefined(parameter('exchangeRate', '')) as string | undefined,
		pricesAre: parameter('pricesAre', 'net'),
		rounding: parameter('rounding', 'perRate'),
		seller: {
			nip: parameter('sellerNip'),
			name: parameter('sellerName'),
			addressLine1: parameter('sellerAddressLine1'),
			addressLine2: parameter('sellerAddressLine2', ''),
			countryCode: (extra.sellerCountryCode as string | undefined) ?? 'PL',
			email: extra.sellerEmail as string | undefined,
			phone: extra.sellerPhone as string | undefined,
		},
		buyer: {
			idType: buyerIdType,
			nip: buyerIdType === 'nip' ? parameter('buyerNip', '') : undefined,
			euCountryCode: buyerIdType === 'euVat' ? parameter('buyerEuCountryCode', '') : undefined,
			euVatNumber: buyerIdType === 'euVat' ? parameter('buyerEuVatNumber', '') : undefined,
			idCountryCode: buyerIdType === 'foreign' ? parameter('buyerIdCountryCode', '') : undefined,
			id: buyerIdType === 'foreign' ? parameter('buyerId', '') : undefined,
			name: parameter('buyerName', ''),
			addressLine1: parameter('buyerAddressLine1', ''),
			addressLine2: parameter('buyerAddressLine2', ''),
			countryCode: parameter('buyerCountryCode', 'PL'),
			email: extra.buyerEmail as string | undefined,
			phone: extra.buyerPhone as string | undefined,
			customerNumber: extra.customerNumber as string | undefined,
		},
		thirdParties: jsonParameter(extra.thirdParties, 'Third Parties (JSON)'),
		lines: lines ?? [],
		advance: kind === 'ZAL' ? { amountReceived: parameter('advanceAmount', '') } : undefined,
		correction:
			kind === 'KOR'
				? {
						reason: correction.reason as string | undefined,
						type: correction.type as '1' | '2' | '3' | undefined,
						correctedInvoices: [{ invoiceNumber: correction.invoiceNumber as string, issueDate: correction.issueDate as string, ksefNumber: blankToUndefined(correction.ksefNumber) as string | undefined }],
					}
				: undefined,
		settlement:
			kind === 'ROZ'
				? {
						advanceInvoices: commaList(settlement.advanceKsefNumbers)?.map((ksefNumber) => ({ ksefNumber })),
						advancesPaid: jsonParameter(settlement.advancesPaid, 'Advances Paid (JSON)'),
					}
				: undefined,
		payment: Object.keys(payment).length ? { ...payment, dueDates: commaList(payment.dueDates) } : undefined,
		annotations: parameter('annotations', {}),
		notes: jsonParameter(extra.notes, 'Notes (JSON)'),
		charges: jsonParameter(extra.charges, 'Charges (JSON)'),
		deductions: jsonParameter(extra.deductions, 'Deductions (JSON)'),
		attachment: jsonParameter(extra.attachment, 'Attachment (JSON)'),
		deliveryNotes: commaList(extra.deliveryNotes),
		orders: extra.orderNumber || extra.orderDate ? [{ number: blankToUndefined(extra.orderNumber) as string | undefined, date: blankToUndefined(extra.orderDate) as string | undefined }] : undefined,
		receiptInvoice: extra.receiptInvoice as boolean | undefined,
		footer: extra.footer as string | undefined,
		registers: { krs: extra.krs as string | undefined, regon: extra.regon as string | undefined, bdo: extra.bdo as string | undefined },
	};
}
