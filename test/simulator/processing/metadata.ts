/**
 * The InvoiceMetadata fields KSeF reads from the invoice itself (seller, buyer, amounts, type, third parties),
 * extracted at acceptance. KSeF-assigned fields (number, dates, hash) come from the invoice record.
 */
import { XMLParser } from 'fast-xml-parser';
import type { InvoiceMetadata, InvoiceType } from '../reading/repository';

const parser = new XMLParser({
	ignoreAttributes: true,
	removeNSPrefix: true,
	parseTagValue: false,
	processEntities: false,
	ignoreDeclaration: true,
	isArray: (name) => name === 'Podmiot3' || name === 'FaWiersz',
});

type Node = { [key: string]: Node | Node[] | string | undefined };

const INVOICE_TYPES: Record<string, InvoiceType> = {
	VAT: 'Vat',
	KOR: 'Kor',
	ZAL: 'Zal',
	ROZ: 'Roz',
	UPR: 'Upr',
	KOR_ZAL: 'KorZal',
	KOR_ROZ: 'KorRoz',
};

const str = (value: Node[string]): string | undefined => (typeof value === 'string' ? value.trim() : undefined);
const obj = (value: Node[string]): Node | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? value : undefined);
const num = (value: Node[string]): number => Number(str(value) ?? 0) || 0;

export type ExtractedMetadata = Omit<InvoiceMetadata, 'ksefNumber' | 'invoicingDate' | 'acquisitionDate' | 'permanentStorageDate' | 'invoicingMode' | 'invoiceHash'>;

export function extractMetadata(xml: string): ExtractedMetadata {
	const root = obj((parser.parse(xml) as Node).Faktura) ?? {};
	const fa = obj(root.Fa) ?? {};
	const seller = obj(obj(root.Podmiot1)?.DaneIdentyfikacyjne) ?? {};
	const buyerData = obj(obj(root.Podmiot2)?.DaneIdentyfikacyjne) ?? {};
	const net = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => num(fa[`P_13_${i}`])).reduce((a, b) => a + b, 0);
	const vat = ['1', '2', '3', '4', '5'].map((i) => num(fa[`P_14_${i}`])).reduce((a, b) => a + b, 0);
	const thirdSubjects = ((root.Podmiot3 as Node[] | undefined) ?? []).map((subject) => {
		const data = obj(subject.DaneIdentyfikacyjne) ?? {};
		return { identifier: subjectIdentifier(data), name: str(data.Nazwa) ?? null, role: Number(str(subject.Rola) ?? 0) };
	});
	const authorized = obj(root.PodmiotUpowazniony);
	const authorizedData = obj(authorized?.DaneIdentyfikacyjne);
	return {
		invoiceNumber: str(fa.P_2) ?? '-',
		issueDate: str(fa.P_1) ?? '',
		seller: { nip: str(seller.NIP) ?? '', name: str(seller.Nazwa) ?? null },
		buyer: { identifier: buyerIdentifier(buyerData), name: str(buyerData.Nazwa) ?? null },
		netAmount: round2(net),
		grossAmount: round2(num(fa.P_15)),
		vatAmount: round2(vat),
		currency: str(fa.KodWaluty) ?? 'PLN',
		invoiceType: INVOICE_TYPES[str(fa.RodzajFaktury) ?? 'VAT'] ?? 'Vat',
		formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
		isSelfInvoicing: str(obj(fa.Adnotacje)?.P_17) === '1',
		hasAttachment: root.Zalacznik !== undefined,
		thirdSubjects: thirdSubjects.length ? thirdSubjects : null,
		authorizedSubject: authorizedData && str(authorizedData.NIP)
			? { nip: str(authorizedData.NIP) ?? '', name: str(authorizedData.Nazwa) ?? null, role: Number(str(authorized?.RolaPU) ?? 1) }
			: null,
	};
}

function buyerIdentifier(data: Node): InvoiceMetadata['buyer']['identifier'] {
	if (str(data.NIP)) return { type: 'Nip', value: str(data.NIP) };
	if (str(data.NrVatUE)) return { type: 'VatUe', value: `${str(data.KodUE) ?? ''}${str(data.NrVatUE)}` };
	if (str(data.NrID)) return { type: 'Other', value: str(data.NrID) };
	return { type: 'None' };
}

function subjectIdentifier(data: Node): NonNullable<InvoiceMetadata['thirdSubjects']>[number]['identifier'] {
	if (str(data.NIP)) return { type: 'Nip', value: str(data.NIP) };
	if (str(data.IDWew)) return { type: 'InternalId', value: str(data.IDWew) };
	if (str(data.NrVatUE)) return { type: 'VatUe', value: `${str(data.KodUE) ?? ''}${str(data.NrVatUE)}` };
	if (str(data.NrID)) return { type: 'Other', value: str(data.NrID) };
	return { type: 'None' };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
