/**
 * The plain fields an invoice is built from: what a spreadsheet row, a form, a shop order or an AI agent has.
 * Amounts and quantities may be numbers or decimal strings ("1 234,50" too); they are read as exact decimals.
 * Keys are English; each field's label names the FA(3) element it fills.
 */
export type DecimalInput = string | number;

export type InvoiceKind = 'VAT' | 'KOR' | 'ZAL' | 'ROZ';
export type PriceBasis = 'net' | 'gross';
export type VatRounding = 'perRate' | 'perLine';

export interface InvoiceFields {
	/** RodzajFaktury: VAT (default), KOR (correction), ZAL (advance), ROZ (settlement of advances). */
	kind?: InvoiceKind;
	/** P_2 */
	invoiceNumber: string;
	/** P_1, YYYY-MM-DD */
	issueDate: string;
	/** P_1M */
	issuePlace?: string;
	/** P_6: date of sale or service when it differs from the issue date; for ZAL the date the advance was received. */
	saleDate?: string;
	/** OkresFa: a billing period instead of a sale date (P_6_Od, P_6_Do). */
	salePeriodFrom?: string;
	salePeriodTo?: string;
	/** KodWaluty, ISO 4217; default PLN. */
	currency?: string;
	/** PLN per unit of the currency (KursWaluty / KursWalutyZ); required for a currency other than PLN. */
	exchangeRate?: DecimalInput;
	/** Whether unit prices are net (P_9A, default) or gross (P_9B). */
	pricesAre?: PriceBasis;
	/** VAT per VAT-rate total (default, art. 106e ust. 1 pkt 14) or per line, summed. */
	rounding?: VatRounding;
	seller: PartyFields;
	buyer: BuyerFields;
	/** Podmiot3: third parties (factor, recipient, additional buyer, payer, local-government unit, VAT group member…). */
	thirdParties?: ThirdPartyFields[];
	/** FaWiersz; for ZAL the ordered goods (ZamowienieWiersz). */
	lines?: LineFields[];
	payment?: PaymentFields;
	annotations?: AnnotationFields;
	correction?: CorrectionFields;
	/** ZAL: the advance received, gross. */
	advance?: { amountReceived: DecimalInput };
	/** ROZ: the advance invoices being settled and what they charged per VAT rate. */
	settlement?: SettlementFields;
	/** Rozliczenie/Obciazenia: amounts added to what is due (e.g. interest), with their reasons. */
	charges?: Array<{ amount: DecimalInput; reason: string }>;
	/** Rozliczenie/Odliczenia: amounts taken off what is due (e.g. an overpayment), with their reasons. */
	deductions?: Array<{ amount: DecimalInput; reason: string }>;
	/** Zalacznik: an attachment of data blocks; such invoices go through Batch Send. */
	attachment?: AttachmentFields;
	/** DodatkowyOpis: free-text notes as key/value pairs. */
	notes?: Array<{ key: string; value: string }>;
	/** WZ: delivery note numbers. */
	deliveryNotes?: string[];
	/** WarunkiTransakcji/Zamowienia */
	orders?: Array<{ date?: string; number?: string }>;
	/** WarunkiTransakcji/Umowy */
	contracts?: Array<{ date?: string; number?: string }>;
	/** FP: an invoice issued for a receipt (faktura do paragonu). */
	receiptInvoice?: boolean;
	/** TP: buyer and seller are related. */
	relatedParties?: boolean;
	/** Stopka/Informacje/StopkaFaktury */
	footer?: string;
	/** Stopka/Rejestry */
	registers?: { krs?: string; regon?: string; bdo?: string };
	/** Naglowek/SystemInfo; default n8n-nodes-ksef. */
	systemInfo?: string;
	/** Naglowek/DataWytworzeniaFa, ISO date-time; default now. */
	createdAt?: string;
}

export interface PartyFields {
	nip: string;
	name: string;
	/** KodKraju, default PL */
	countryCode?: string;
	addressLine1: string;
	addressLine2?: string;
	email?: string;
	phone?: string;
}

/**
 * Rola of Podmiot3: 1 factor, 2 recipient (a unit of the buyer), 3 original entity, 4 additional buyer, 5 issuer on
 * the seller's behalf, 6 payer, 7/8 local-government unit issuing/receiving, 9/10 VAT group member
 * issuing/receiving, 11 employee.
 */
export interface ThirdPartyFields extends PartyFields {
	role: number | string;
	/** Udzial: the additional buyer's share, in percent */
	share?: DecimalInput;
}

/** nip: Polish company; euVat: EU VAT number; foreign: another tax ID; none: consumer or no identifier (BrakID). */
export type BuyerIdType = 'nip' | 'euVat' | 'foreign' | 'none';

export interface BuyerFields {
	/** Default: nip when a NIP is given, otherwise none. */
	idType?: BuyerIdType;
	nip?: string;
	/** KodUE + NrVatUE, e.g. DE + 123456789 */
	euCountryCode?: string;
	euVatNumber?: string;
	/** KodKraju + NrID for non-EU identifiers */
	idCountryCode?: string;
	id?: string;
	name?: string;
	countryCode?: string;
	addressLine1?: string;
	addressLine2?: string;
	email?: string;
	phone?: string;
	/** NrKlienta */
	customerNumber?: string;
}

export interface LineFields {
	/** P_7 */
	name: string;
	/** P_8B, default 1 */
	quantity?: DecimalInput;
	/** P_8A, e.g. szt., h, kg */
	unit?: string;
	/** P_9A (net) or P_9B (gross), per Prices Are */
	unitPrice?: DecimalInput;
	/** The line's value (P_11, or P_11A for gross prices) instead of quantity × unit price, for lines without them (art. 106e ust. 5 pkt 3, e.g. utility bills) */
	amount?: DecimalInput;
	/** P_10: discount per unit, in the invoice currency */
	discount?: DecimalInput;
	/** P_12: 23, 22, 8, 7, 5, 4, 3, 0 KR, 0 WDT, 0 EX, zw, np I, np II, oo, or margin */
	vatRate: string | number;
	/** KOR: StanPrzed, the line as it was before the correction */
	before?: boolean;
	/** NrWierszaFa; default: the line's position */
	lineNumber?: number;
	/** UU_ID */
	uuid?: string;
	/** P_6A: the line's own sale date */
	saleDate?: string;
	/** GTU_01 … GTU_13 */
	gtu?: string;
	/** Indeks, GTIN, PKWiU, CN */
	index?: string;
	gtin?: string;
	pkwiu?: string;
	cn?: string;
}

/** FormaPlatnosci 1-7. */
export const PAYMENT_METHODS = { cash: '1', card: '2', voucher: '3', cheque: '4', credit: '5', transfer: '6', mobile: '7' } as const;
export type PaymentMethod = keyof typeof PAYMENT_METHODS;

export interface PaymentFields {
	/** TerminPlatnosci/Termin, one or more dates */
	dueDates?: string[] | string;
	method?: PaymentMethod;
	/** NrRB, IBAN or Polish NRB */
	bankAccount?: string;
	swift?: string;
	bankName?: string;
	/** OpisRachunku */
	bankAccountDescription?: string;
	/** Zaplacono + DataZaplaty */
	paid?: boolean;
	paidDate?: string;
}

export type MarginScheme = 'travelAgency' | 'usedGoods' | 'worksOfArt' | 'antiques';
export type ExemptionBasis = 'act' | 'directive' | 'other';

export interface AnnotationFields {
	/** P_16 metoda kasowa */
	cashAccounting?: boolean;
	/** P_17 samofakturowanie */
	selfBilling?: boolean;
	/** P_18 odwrotne obciążenie (set automatically for oo and np II lines) */
	reverseCharge?: boolean;
	/** P_18A mechanizm podzielonej płatności */
	splitPayment?: boolean;
	/** P_23 simplified triangular procedure */
	simplifiedTriangular?: boolean;
	/** P_19A (act), P_19B (directive) or P_19C (other): the legal basis of an exemption; required with zw lines */
	exemptionBasis?: ExemptionBasis;
	exemptionText?: string;
	/** P_PMarzy_2, _3_1, _3_2, _3_3; required with margin lines */
	marginScheme?: MarginScheme;
}

export interface CorrectionFields {
	/** PrzyczynaKorekty */
	reason?: string;
	/** TypKorekty: 1 effective at the original's date, 2 at the correction's date, 3 other */
	type?: 1 | 2 | 3 | '1' | '2' | '3';
	correctedInvoices: Array<{ invoiceNumber: string; issueDate: string; ksefNumber?: string }>;
}

export interface SettlementFields {
	/** FakturaZaliczkowa: by KSeF number, or by number for advance invoices issued outside KSeF */
	advanceInvoices?: Array<{ ksefNumber?: string; invoiceNumber?: string }>;
	/** The advances received, gross per VAT rate; their VAT is taken off the totals as art. 106f ust. 3 requires */
	advancesPaid?: Array<{ vatRate: string | number; grossAmount: DecimalInput }>;
}

export interface AttachmentFields {
	/** BlokDanych, 1 to 1000 */
	blocks: AttachmentBlockFields[];
}

export interface AttachmentBlockFields {
	/** ZNaglowek */
	title?: string;
	/** MetaDane (at least one) */
	metadata: Array<{ key: string; value: string }>;
	/** Tekst/Akapit, up to 10 */
	paragraphs?: string[];
	tables?: AttachmentTableFields[];
}

export interface AttachmentTableFields {
	/** TMetaDane */
	metadata?: Array<{ key: string; value: string }>;
	/** Opis */
	description?: string;
	/** TNaglowek/Kol: 1 to 20 columns, each typed txt, int, dec, date, datetime or time */
	columns: Array<{ name: string; type?: 'txt' | 'int' | 'dec' | 'date' | 'datetime' | 'time' }>;
	/** Wiersz/WKom: cells in column order */
	rows: Array<Array<string | number>>;
	/** Suma/SKom */
	sums?: Array<string | number>;
}
