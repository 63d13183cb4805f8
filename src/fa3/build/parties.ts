import type { BuyerFields, PartyFields, ThirdPartyFields } from './fields';
import { formatPlain } from './money';
import { fieldLabel, type FieldReader } from './fieldReader';
import { leaf, node, type XmlElement } from './xmlTree';

const COUNTRY = /^[A-Z]{2}$/;

function countryCode(reader: FieldReader, value: unknown, field: string, fallback?: string): string | undefined {
	const text = reader.text(value, field)?.toUpperCase() ?? fallback;
	if (text !== undefined && !COUNTRY.test(text)) reader.report(field, `"${text}" is not a two-letter country code such as PL, DE`);
	return text;
}

function address(reader: FieldReader, party: PartyFields | BuyerFields, prefix: string, path: string, required: boolean): XmlElement[] {
	const line1Field = fieldLabel(`${prefix} Address Line 1`, `${path}.addressLine1`, 'AdresL1');
	const line1 = reader.text(party.addressLine1, line1Field, { required, maxLength: 512 });
	const line2 = reader.text(party.addressLine2, fieldLabel(`${prefix} Address Line 2`, `${path}.addressLine2`, 'AdresL2'), { maxLength: 512 });
	const country = countryCode(reader, party.countryCode, fieldLabel(`${prefix} Country`, `${path}.countryCode`, 'KodKraju'), 'PL');
	if (!line1) return [];
	return [
		node('Adres', [
			leaf('KodKraju', country, fieldLabel(`${prefix} Country`, `${path}.countryCode`, 'KodKraju')),
			leaf('AdresL1', line1, line1Field),
			leaf('AdresL2', line2, fieldLabel(`${prefix} Address Line 2`, `${path}.addressLine2`, 'AdresL2')),
		]),
	];
}

function contact(reader: FieldReader, party: PartyFields | BuyerFields, prefix: string, path: string): XmlElement[] {
	const emailField = fieldLabel(`${prefix} Email`, `${path}.email`, 'Email');
	const phoneField = fieldLabel(`${prefix} Phone`, `${path}.phone`, 'Telefon');
	const email = reader.text(party.email, emailField);
	if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) reader.report(emailField, `"${email}" is not an email address`);
	const phone = reader.text(party.phone, phoneField, { maxLength: 16 });
	if (!email && !phone) return [];
	return [node('DaneKontaktowe', [leaf('Email', email, emailField), leaf('Telefon', phone, phoneField)])];
}

/** Podmiot1: the seller, always identified by NIP (the NIP KSeF checks against the session's context). */
export function sellerElement(reader: FieldReader, seller: PartyFields | undefined): XmlElement {
	const party = seller ?? ({} as PartyFields);
	const nipField = fieldLabel('Seller NIP', 'seller.nip', 'Podmiot1/NIP');
	const nameField = fieldLabel('Seller Name', 'seller.name', 'Podmiot1/Nazwa');
	return node('Podmiot1', [
		node('DaneIdentyfikacyjne', [leaf('NIP', reader.nip(party.nip, nipField), nipField), leaf('Nazwa', reader.text(party.name, nameField, { required: true, maxLength: 512 }), nameField)]),
		address(reader, party, 'Seller', 'seller', true),
		contact(reader, party, 'Seller', 'seller'),
	]);
}

/** Podmiot2: the buyer, by NIP, EU VAT number, another tax ID, or none (consumers: BrakID). */
export function buyerElement(reader: FieldReader, buyer: BuyerFields | undefined, thirdParties: ThirdPartyFields[] = []): XmlElement {
	const jst = thirdParties.some((party) => String(party?.role) === '8');
	const vatGroup = thirdParties.some((party) => String(party?.role) === '10');
	const party = buyer ?? {};
	const typeField = fieldLabel('Buyer Identifier', 'buyer.idType');
	const idType = reader.choice(party.idType, typeField, ['nip', 'euVat', 'foreign', 'none'] as const, party.nip ? 'nip' : 'none');
	const identification: XmlElement[] = [];
	if (idType === 'nip') {
		const field = fieldLabel('Buyer NIP', 'buyer.nip', 'Podmiot2/NIP');
		identification.push(...leaf('NIP', reader.nip(party.nip, field), field));
	} else if (idType === 'euVat') {
		const codeField = fieldLabel('Buyer EU Country Code', 'buyer.euCountryCode', 'KodUE');
		const numberField = fieldLabel('Buyer EU VAT Number', 'buyer.euVatNumber', 'NrVatUE');
		const code = countryCode(reader, party.euCountryCode, codeField);
		if (!code) reader.report(codeField, 'is required with an EU VAT number (e.g. DE)');
		let number = reader.text(party.euVatNumber, numberField, { required: true });
		// People paste the number with its country prefix; FA(3) wants it without.
		if (number && code && number.toUpperCase().startsWith(code)) number = number.slice(code.length).trim();
		identification.push(...leaf('KodUE', code, codeField), ...leaf('NrVatUE', number, numberField));
	} else if (idType === 'foreign') {
		const codeField = fieldLabel('Buyer ID Country Code', 'buyer.idCountryCode', 'KodKraju');
		const idField = fieldLabel('Buyer Tax ID', 'buyer.id', 'NrID');
		identification.push(...leaf('KodKraju', countryCode(reader, party.idCountryCode, codeField), codeField), ...leaf('NrID', reader.text(party.id, idField, { required: true, maxLength: 50 }), idField));
	} else {
		identification.push({ name: 'BrakID', text: '1', field: typeField });
	}
	const nameField = fieldLabel('Buyer Name', 'buyer.name', 'Podmiot2/Nazwa');
	const customerField = fieldLabel('Customer Number', 'buyer.customerNumber', 'NrKlienta');
	return node('Podmiot2', [
		node('DaneIdentyfikacyjne', [identification, leaf('Nazwa', reader.text(party.name, nameField, { maxLength: 512 }), nameField)]),
		address(reader, party, 'Buyer', 'buyer', false),
		contact(reader, party, 'Buyer', 'buyer'),
		leaf('NrKlienta', reader.text(party.customerNumber, customerField), customerField),
		// JST and GV say whether a third party of role 8 (a local-government unit) or 10 (a VAT group member) receives the invoice.
		leaf('JST', jst ? '1' : '2'),
		leaf('GV', vatGroup ? '1' : '2'),
	]);
}

const ROLES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'] as const;

/** Podmiot3: third parties identified by NIP, each with its role. */
export function thirdPartyElements(reader: FieldReader, parties: ThirdPartyFields[]): XmlElement[] {
	return parties.map((party, index) => {
		const path = `thirdParties[${index}]`;
		const prefix = `Third Party ${index + 1}`;
		const nipField = fieldLabel(`${prefix} NIP`, `${path}.nip`, 'Podmiot3/NIP');
		const nameField = fieldLabel(`${prefix} Name`, `${path}.name`, 'Podmiot3/Nazwa');
		const roleField = fieldLabel(`${prefix} Role`, `${path}.role`, 'Rola');
		const shareField = fieldLabel(`${prefix} Share`, `${path}.share`, 'Udzial');
		const share = reader.decimal(party?.share, shareField, { maxDecimals: 6 });
		if (share?.greaterThan(100)) reader.report(shareField, 'is a percentage, at most 100');
		return node('Podmiot3', [
			node('DaneIdentyfikacyjne', [leaf('NIP', reader.nip(party?.nip, nipField), nipField), leaf('Nazwa', reader.text(party?.name, nameField, { maxLength: 512 }), nameField)]),
			address(reader, party ?? ({} as PartyFields), prefix, path, false),
			contact(reader, party ?? ({} as PartyFields), prefix, path),
			leaf('Rola', reader.choice(party?.role === undefined ? undefined : String(party.role), roleField, ROLES), roleField),
			leaf('Udzial', share && formatPlain(share), shareField),
		]);
	});
}
