import type { InvoiceJson } from '../invoices/parseInvoice';
import { addAmounts, formatAmount, formatDate, formatNumber } from './format';
import type { Labels, PdfLanguage } from './labels';
import type { Column, PageWriter } from './pageWriter';
import type { TrackedInvoice } from './trackedInvoice';

/** What every section gets: where to write, the invoice (tracked), the words and the number style. */
export interface SectionContext {
	page: PageWriter;
	invoice: TrackedInvoice;
	labels: Labels;
	language: PdfLanguage;
}

type Lines = Array<[string, string | undefined]>;

/** A party (Podmiot1/2/3, PodmiotUpowazniony) as label/value lines: identifiers, name, addresses, contacts. */
export function partyLines({ invoice: r, labels }: SectionContext, party: InvoiceJson): Lines {
	const id = r.child(party, 'DaneIdentyfikacyjne');
	const lines: Lines = [
		[labels.name, r.text(id, 'Nazwa')],
		[labels.nip, r.text(id, 'NIP')],
		[labels.internalId, r.text(id, 'IDWew')],
	];
	const euCountry = r.text(id, 'KodUE');
	const euNumber = r.text(id, 'NrVatUE');
	if (euNumber) lines.push([labels.euVat, `${euCountry ?? ''}${euNumber}`]);
	const country = r.text(id, 'KodKraju');
	const otherId = r.text(id, 'NrID');
	if (otherId) lines.push([labels.taxId, country ? `${country} ${otherId}` : otherId]);
	if (r.text(id, 'BrakID') === '1') lines.push([labels.noId, labels.yes]);
	lines.push(
		[labels.taxpayerPrefix, r.text(party, 'PrefiksPodatnika')],
		[labels.eori, r.text(party, 'NrEORI')],
		[labels.address, address(r, r.child(party, 'Adres'))],
		[labels.correspondenceAddress, address(r, r.child(party, 'AdresKoresp'))],
	);
	for (const contact of [...r.children(party, 'DaneKontaktowe'), ...r.children(party, 'DaneKontaktoweR')]) {
		lines.push([labels.email, r.text(contact, 'Email') ?? r.text(contact, 'EmailPU')], [labels.phone, r.text(contact, 'Telefon') ?? r.text(contact, 'TelefonPU')]);
	}
	lines.push([labels.customerNumber, r.text(party, 'NrKlienta')], [labels.buyerId, r.text(party, 'IDNabywcy')]);
	const role = r.text(party, 'Rola');
	if (role) lines.push([labels.role, labels.roles[role] ?? role]);
	const otherRole = r.text(party, 'OpisRoli');
	if (otherRole) lines.push([labels.role, otherRole]);
	r.consume(party, 'RolaInna');
	const authorisedRole = r.text(party, 'RolaPU');
	if (authorisedRole) lines.push([labels.role, labels.authorisedRoles[authorisedRole] ?? authorisedRole]);
	const share = r.text(party, 'Udzial');
	if (share) lines.push([labels.share, `${share}%`]);
	const status = r.text(party, 'StatusInfoPodatnika');
	if (status) lines.push([labels.taxpayerStatus, status]);
	// JST and GV are "1 yes / 2 no" flags; "no" is the ordinary case and not worth a line.
	if (r.text(party, 'JST') === '1') lines.push([labels.jst, labels.yes]);
	if (r.text(party, 'GV') === '1') lines.push([labels.gv, labels.yes]);
	return lines;
}

function address(r: TrackedInvoice, node: InvoiceJson | undefined): string | undefined {
	if (!node) return undefined;
	const parts = [r.text(node, 'AdresL1'), r.text(node, 'AdresL2'), r.text(node, 'KodKraju')].filter(Boolean);
	const gln = r.text(node, 'GLN');
	return [parts.join(', '), gln ? `GLN ${gln}` : undefined].filter(Boolean).join(' · ');
}

/** Seller and buyer side by side, then third parties and the authorised entity two to a row. */
export function partiesSection(context: SectionContext): void {
	const { page, invoice: r, labels } = context;
	const blocks: Array<{ title: string; lines: Lines }> = [];
	const seller = r.child(r.root, 'Podmiot1');
	const buyer = r.child(r.root, 'Podmiot2');
	if (seller) blocks.push({ title: labels.seller, lines: partyLines(context, seller) });
	if (buyer) blocks.push({ title: labels.buyer, lines: partyLines(context, buyer) });
	r.children(r.root, 'Podmiot3').forEach((party, index, all) => blocks.push({ title: all.length > 1 ? `${labels.thirdParty} ${index + 1}` : labels.thirdParty, lines: partyLines(context, party) }));
	const authorised = r.child(r.root, 'PodmiotUpowazniony');
	if (authorised) blocks.push({ title: labels.authorisedEntity, lines: partyLines(context, authorised) });
	const width = (page.width - 16) / 2;
	for (let start = 0; start < blocks.length; start += 2) {
		const pair = blocks.slice(start, start + 2);
		const height = Math.max(...pair.map((block) => page.blockHeight(block.title, block.lines, width)));
		page.ensure(height);
		pair.forEach((block, index) => page.block(block.title, block.lines, page.left + index * (width + 16), width, page.y));
		page.y += height + 8;
	}
}

/** Dates, place, period, delivery notes, currency and exchange rate, the correction data. */
export function detailsSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const period = r.child(fa, 'OkresFa');
	const periodText = period ? `${formatDate(r.text(period, 'P_6_Od'))} – ${formatDate(r.text(period, 'P_6_Do'))}` : undefined;
	page.fields(
		[
			[labels.issueDate, formatDate(r.text(fa, 'P_1'))],
			[labels.issuePlace, r.text(fa, 'P_1M')],
			[labels.saleDate, formatDate(r.text(fa, 'P_6'))],
			[labels.salePeriod, periodText],
			[labels.currency, r.text(fa, 'KodWaluty')],
			['WZ', r.texts(fa, 'WZ').join(', ')],
			[language === 'pl' ? 'Kurs waluty' : 'Exchange rate', formatNumber(r.text(fa, 'KursWalutyZ'), language)],
		],
		3,
	);
	const corrected = r.children(fa, 'DaneFaKorygowanej');
	const reason = r.text(fa, 'PrzyczynaKorekty');
	const type = r.text(fa, 'TypKorekty');
	if (corrected.length || reason || type) {
		page.heading(labels.correction);
		page.fields([
			[labels.correctionReason, reason],
			[labels.correctionType, type ? (labels.correctionTypes[type] ?? type) : undefined],
			[language === 'pl' ? 'Okres korekty' : 'Period corrected', r.text(fa, 'OkresFaKorygowanej')],
			[language === 'pl' ? 'Poprawny numer faktury' : 'Correct invoice number', r.text(fa, 'NrFaKorygowany')],
		]);
		for (const entry of corrected) {
			r.consume(entry, 'NrKSeF');
			r.consume(entry, 'NrKSeFN');
			page.fields(
				[
					[labels.correctedInvoice, r.text(entry, 'NrFaKorygowanej')],
					[labels.correctedDate, formatDate(r.text(entry, 'DataWystFaKorygowanej'))],
					[labels.correctedKsef, r.text(entry, 'NrKSeFFaKorygowanej') ?? (language === 'pl' ? 'poza KSeF' : 'outside KSeF')],
				],
				3,
			);
		}
		const sellerBefore = r.child(fa, 'Podmiot1K');
		const buyersBefore = r.children(fa, 'Podmiot2K');
		if (sellerBefore || buyersBefore.length) {
			const width = (page.width - 16) / 2;
			const blocks = [
				...(sellerBefore ? [{ title: `${labels.seller} (${language === 'pl' ? 'przed korektą' : 'before correction'})`, lines: partyLines(context, sellerBefore) }] : []),
				...buyersBefore.map((buyer) => ({ title: `${labels.buyer} (${language === 'pl' ? 'przed korektą' : 'before correction'})`, lines: partyLines(context, buyer) })),
			];
			for (let start = 0; start < blocks.length; start += 2) {
				const pair = blocks.slice(start, start + 2);
				const height = Math.max(...pair.map((block) => page.blockHeight(block.title, block.lines, width)));
				page.ensure(height);
				pair.forEach((block, index) => page.block(block.title, block.lines, page.left + index * (width + 16), width, page.y));
				page.y += height + 6;
			}
		}
		page.fields([
			[language === 'pl' ? 'Kwota zapłaty przed korektą' : 'Amount paid before correction', formatAmount(r.text(fa, 'P_15ZK'), language)],
			[language === 'pl' ? 'Kurs waluty przed korektą' : 'Exchange rate before correction', formatNumber(r.text(fa, 'KursWalutyZK'), language)],
		]);
	}
}

/** Invoice lines (FaWiersz); the columns depend on whether the invoice gives net or gross prices (art. 106e ust. 7). */
export function linesSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const lines = r.children(fa, 'FaWiersz');
	if (lines.length === 0) return;
	page.heading(labels.lines);
	const grossPrices = lines.some((line) => line.P_9B !== undefined || line.P_11A !== undefined);
	const c = labels.lineColumns;
	const columns: Column[] = [
		{ header: c.no, weight: 4, align: 'right' },
		{ header: c.name, weight: 30 },
		{ header: c.quantity, weight: 7, align: 'right' },
		{ header: c.unit, weight: 6 },
		{ header: grossPrices ? c.unitGross : c.unitNet, weight: 11, align: 'right' },
		{ header: c.discount, weight: 8, align: 'right' },
		{ header: c.rate, weight: 7, align: 'right' },
		{ header: grossPrices ? c.gross : c.net, weight: 12, align: 'right' },
	];
	const details: string[] = [];
	const rows = lines.map((line, index) => {
		const number = r.text(line, 'NrWierszaFa') ?? String(index + 1);
		const rate = r.text(line, 'P_12');
		const extra: Lines = [
			['UU_ID', r.text(line, 'UU_ID')],
			[language === 'pl' ? 'Data dostawy' : 'Date of supply', formatDate(r.text(line, 'P_6A'))],
			[language === 'pl' ? 'Indeks' : 'Index', r.text(line, 'Indeks')],
			['GTIN', r.text(line, 'GTIN')],
			['PKWiU', r.text(line, 'PKWiU')],
			['CN', r.text(line, 'CN')],
			['PKOB', r.text(line, 'PKOB')],
			['GTU', r.text(line, 'GTU')],
			[language === 'pl' ? 'Procedura' : 'Procedure', r.text(line, 'Procedura')],
			[language === 'pl' ? 'Kwota VAT' : 'VAT amount', formatAmount(r.text(line, 'P_11Vat'), language)],
			[language === 'pl' ? 'Akcyza' : 'Excise', formatAmount(r.text(line, 'KwotaAkcyzy'), language)],
			[language === 'pl' ? 'Kurs waluty' : 'Exchange rate', formatNumber(r.text(line, 'KursWaluty'), language)],
			[language === 'pl' ? 'Załącznik 15' : 'Annex 15', r.text(line, 'P_12_Zal_15') === '1' ? labels.yes : undefined],
			[language === 'pl' ? 'Stawka OSS' : 'OSS rate', r.text(line, 'P_12_XII')],
			[language === 'pl' ? 'Stan przed korektą' : 'Before correction', r.text(line, 'StanPrzed') === '1' ? labels.yes : undefined],
		];
		const present = extra.filter(([, value]) => value);
		if (present.length) details.push(`${number}: ${present.map(([label, value]) => `${label} ${value}`).join(' · ')}`);
		return [
			number,
			r.text(line, 'P_7') ?? '',
			formatNumber(r.text(line, 'P_8B'), language),
			r.text(line, 'P_8A') ?? '',
			formatNumber(grossPrices ? (r.text(line, 'P_9B') ?? r.text(line, 'P_9A')) : r.text(line, 'P_9A'), language),
			formatAmount(r.text(line, 'P_10'), language),
			rate === undefined ? '' : /^\d+$/.test(rate) ? `${rate}%` : rate,
			formatAmount(grossPrices ? (r.text(line, 'P_11A') ?? r.text(line, 'P_11')) : r.text(line, 'P_11'), language),
		];
	});
	// Both price kinds on one invoice: the other one still has to be shown.
	lines.forEach((line, index) => {
		const other: Lines = grossPrices
			? [[c.unitNet, formatNumber(r.text(line, 'P_9A'), language)], [c.net, formatAmount(r.text(line, 'P_11'), language)]]
			: [];
		const present = other.filter(([, value]) => value);
		if (present.length) details.push(`${rows[index][0]}: ${present.map(([label, value]) => `${label} ${value}`).join(' · ')}`);
	});
	page.table(columns, rows);
	if (details.length) {
		page.fields([[labels.lineDetails, details.join('\n')]], 1);
	}
}

const VAT_ROWS = ['1', '2', '3', '4', '5', '6_1', '6_2', '6_3', '7', '8', '9', '10', '11'];

/** The VAT summary per rate (P_13_x / P_14_x, with P_14_xW in PLN for foreign currencies) and the total due (P_15). */
export function vatSummarySection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const rows: string[][] = [];
	let anyPln = false;
	for (const key of VAT_ROWS) {
		const net = r.text(fa, `P_13_${key}`);
		const vat = r.text(fa, `P_14_${key}`);
		const vatPln = r.text(fa, `P_14_${key}W`);
		if (net === undefined && vat === undefined) continue;
		if (vatPln !== undefined) anyPln = true;
		rows.push([labels.vatRows[key], formatAmount(net, language), formatAmount(vat, language), formatAmount(vatPln, language), formatAmount(addAmounts(net, vat), language)]);
	}
	const currency = r.text(fa, 'KodWaluty') ?? '';
	const total = r.text(fa, 'P_15');
	page.heading(labels.vatSummary);
	const v = labels.vatColumns;
	const columns: Column[] = [
		{ header: v.rate, weight: 30 },
		{ header: `${v.net} (${currency})`, weight: 17, align: 'right' },
		{ header: `${v.vat} (${currency})`, weight: 17, align: 'right' },
		...(anyPln ? [{ header: v.vatPln, weight: 17, align: 'right' as const }] : []),
		{ header: `${v.gross} (${currency})`, weight: 17, align: 'right' },
	];
	if (rows.length) page.table(columns, rows.map((row) => (anyPln ? row : [row[0], row[1], row[2], row[4]])));
	page.ensure(20);
	page.doc.font('bold').fontSize(11).text(`${labels.totalDue}: ${formatAmount(total, language)} ${currency}`, page.left, page.y, { width: page.width, align: 'right' });
	page.y = page.doc.y + 4;
}

/** Adnotacje: only what applies is printed (the "2 = no" flags are the ordinary case). */
export function annotationsSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels } = context;
	const notes = r.child(fa, 'Adnotacje');
	const items: string[] = [];
	for (const key of ['P_16', 'P_17', 'P_18', 'P_18A', 'P_23']) if (r.text(notes, key) === '1') items.push(labels.annotationFlags[key]);
	const exemption = r.child(notes, 'Zwolnienie');
	if (r.text(exemption, 'P_19') === '1') {
		const basis = r.text(exemption, 'P_19A') ?? r.text(exemption, 'P_19B') ?? r.text(exemption, 'P_19C');
		items.push(`${labels.exemption}${basis ? `: ${basis}` : ''}`);
	}
	r.consume(exemption, 'P_19N');
	const transport = r.child(notes, 'NoweSrodkiTransportu');
	if (r.text(transport, 'P_22') === '1') {
		items.push(labels.annotationFlags.P_22);
		r.text(transport, 'P_42_5');
	}
	r.consume(transport, 'P_22N');
	const margin = r.child(notes, 'PMarzy');
	if (r.text(margin, 'P_PMarzy') === '1') {
		for (const key of Object.keys(labels.marginProcedures)) if (r.text(margin, key) === '1') items.push(labels.marginProcedures[key]);
	}
	r.consume(margin, 'P_PMarzyN');
	for (const key of ['FP', 'TP']) if (r.text(fa, key) === '1') items.push(labels.annotationFlags[key]);
	const vehicles = r.children(transport, 'NowySrodekTransportu');
	if (!items.length && !vehicles.length) return;
	page.heading(labels.annotations);
	if (items.length) page.paragraph(items.map((item) => `• ${item}`).join('\n'), 8.5);
	for (const vehicle of vehicles) {
		page.paragraph(
			Object.keys(vehicle)
				.map((key) => `${key}: ${r.text(vehicle, key) ?? ''}`)
				.join(' · '),
		);
	}
}

/** DodatkowyOpis (key/value notes, optionally per line). */
export function additionalInfoSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const notes = r.children(fa, 'DodatkowyOpis');
	if (!notes.length) return;
	page.heading(labels.additionalInfo);
	page.table(
		[
			{ header: language === 'pl' ? 'Wiersz' : 'Line', weight: 8, align: 'right' },
			{ header: language === 'pl' ? 'Rodzaj informacji' : 'Information', weight: 40 },
			{ header: language === 'pl' ? 'Treść' : 'Content', weight: 52 },
		],
		notes.map((note) => [r.text(note, 'NrWiersza') ?? '', r.text(note, 'Klucz') ?? '', r.text(note, 'Wartosc') ?? '']),
	);
}

/** Advance invoices (FakturaZaliczkowa) and partial advances (ZaliczkaCzesciowa). */
export function advancesSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, language } = context;
	const advances = r.children(fa, 'FakturaZaliczkowa');
	const partial = r.children(fa, 'ZaliczkaCzesciowa');
	if (!advances.length && !partial.length) return;
	page.heading(language === 'pl' ? 'Faktury zaliczkowe' : 'Advance invoices');
	page.fields(
		advances.map((advance): [string, string | undefined] => [
			language === 'pl' ? 'Faktura zaliczkowa' : 'Advance invoice',
			r.text(advance, 'NrKSeFFaZaliczkowej') ?? r.text(advance, 'NrFaZaliczkowej'),
		]),
	);
	advances.forEach((advance) => r.consume(advance, 'NrKSeFZN'));
	page.fields(
		partial.map((entry): [string, string | undefined] => [
			language === 'pl' ? 'Zaliczka częściowa' : 'Partial advance',
			`${formatDate(r.text(entry, 'P_6Z'))} · ${formatAmount(r.text(entry, 'P_15Z'), language)} · ${formatNumber(r.text(entry, 'KursWalutyZW'), language)}`,
		]),
	);
}

/** Rozliczenie: charges and deductions on top of the total, and the amount to pay or settle. */
export function settlementSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const settlement = r.child(fa, 'Rozliczenie');
	if (!settlement) return;
	page.heading(labels.settlement);
	const entries = (key: string, title: string) =>
		r.children(settlement, key).map((entry) => [title, r.text(entry, 'Powod') ?? '', formatAmount(r.text(entry, 'Kwota'), language)]);
	page.table(
		[
			{ header: '', weight: 20 },
			{ header: language === 'pl' ? 'Powód' : 'Reason', weight: 60 },
			{ header: language === 'pl' ? 'Kwota' : 'Amount', weight: 20, align: 'right' },
		],
		[...entries('Obciazenia', labels.charges), ...entries('Odliczenia', labels.deductions)],
	);
	page.fields(
		[
			[`${labels.charges} (${labels.total})`, formatAmount(r.text(settlement, 'SumaObciazen'), language)],
			[`${labels.deductions} (${labels.total})`, formatAmount(r.text(settlement, 'SumaOdliczen'), language)],
			[labels.toPay, formatAmount(r.text(settlement, 'DoZaplaty'), language)],
			[labels.toSettle, formatAmount(r.text(settlement, 'DoRozliczenia'), language)],
		],
		4,
	);
}

/** Platnosc: paid or not, due dates, method, bank accounts, discount, payment link. */
export function paymentSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const payment = r.child(fa, 'Platnosc');
	if (!payment) return;
	page.heading(labels.payment);
	const method = r.text(payment, 'FormaPlatnosci');
	r.consume(payment, 'PlatnoscInna');
	const dueDates = r.children(payment, 'TerminPlatnosci').map((due) => {
		const description = r.child(due, 'TerminOpis');
		const relative = description ? [r.text(description, 'Ilosc'), r.text(description, 'Jednostka'), r.text(description, 'ZdarzeniePoczatkowe')].filter(Boolean).join(' ') : '';
		return [formatDate(r.text(due, 'Termin')), relative].filter(Boolean).join(' · ');
	});
	const partial = r.children(payment, 'ZaplataCzesciowa').map((part) =>
		[formatDate(r.text(part, 'DataZaplatyCzesciowej')), formatAmount(r.text(part, 'KwotaZaplatyCzesciowej'), language), labels.paymentMethods[r.text(part, 'FormaPlatnosci') ?? ''] ?? r.text(part, 'OpisPlatnosci')]
			.filter(Boolean)
			.join(' · '),
	);
	r.children(payment, 'ZaplataCzesciowa').forEach((part) => r.consume(part, 'PlatnoscInna'));
	const discount = r.child(payment, 'Skonto');
	page.fields(
		[
			[labels.paid, r.text(payment, 'Zaplacono') === '1' ? labels.yes : undefined],
			[labels.paymentDate, formatDate(r.text(payment, 'DataZaplaty'))],
			[labels.partPayments, r.text(payment, 'ZnacznikZaplatyCzesciowej') ? partial.join('\n') || labels.yes : undefined],
			[labels.dueDates, dueDates.join('\n')],
			[labels.paymentMethod, method ? (labels.paymentMethods[method] ?? method) : r.text(payment, 'OpisPlatnosci')],
			[labels.discount, discount ? `${r.text(discount, 'WarunkiSkonta') ?? ''} · ${r.text(discount, 'WysokoscSkonta') ?? ''}` : undefined],
			[labels.paymentLink, r.text(payment, 'LinkDoPlatnosci')],
			['IPKSeF', r.text(payment, 'IPKSeF')],
		],
		2,
	);
	const accounts = (key: string, title: string) => {
		const list = r.children(payment, key);
		if (!list.length) return;
		page.table(
			[
				{ header: title, weight: 40 },
				{ header: 'SWIFT', weight: 15 },
				{ header: language === 'pl' ? 'Bank' : 'Bank', weight: 25 },
				{ header: language === 'pl' ? 'Opis' : 'Description', weight: 20 },
			],
			list.map((account) => {
				const own = r.text(account, 'RachunekWlasnyBanku');
				return [
					r.text(account, 'NrRB') ?? '',
					r.text(account, 'SWIFT') ?? '',
					[r.text(account, 'NazwaBanku'), own ? `(${language === 'pl' ? 'rachunek własny banku' : 'bank’s own account'}: ${own})` : ''].filter(Boolean).join(' '),
					r.text(account, 'OpisRachunku') ?? '',
				];
			}),
		);
	};
	accounts('RachunekBankowy', labels.bankAccounts);
	accounts('RachunekBankowyFaktora', labels.factorAccounts);
}

/** WarunkiTransakcji: contracts, orders, batches, delivery terms, transport. */
export function transactionTermsSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const terms = r.child(fa, 'WarunkiTransakcji');
	if (!terms) return;
	page.heading(labels.transactionTerms);
	const pairs = (key: string, date: string, number: string) =>
		r.children(terms, key).map((entry) => [formatDate(r.text(entry, date)), r.text(entry, number)].filter(Boolean).join(' · '));
	page.fields([
		[labels.contracts, pairs('Umowy', 'DataUmowy', 'NrUmowy').join('\n')],
		[labels.orders, pairs('Zamowienia', 'DataZamowienia', 'NrZamowienia').join('\n')],
		[language === 'pl' ? 'Numery partii towaru' : 'Batch numbers', r.texts(terms, 'NrPartiiTowaru').join(', ')],
		[language === 'pl' ? 'Warunki dostawy' : 'Delivery terms', r.text(terms, 'WarunkiDostawy')],
		[language === 'pl' ? 'Kurs umowny' : 'Contractual rate', formatNumber(r.text(terms, 'KursUmowny'), language)],
		[language === 'pl' ? 'Waluta umowna' : 'Contractual currency', r.text(terms, 'WalutaUmowna')],
		[language === 'pl' ? 'Podmiot pośredniczący' : 'Intermediary', r.text(terms, 'PodmiotPosredniczacy') === '1' ? labels.yes : undefined],
	]);
	for (const transport of r.children(terms, 'Transport')) transportFields(context, transport);
}

const TRANSPORT_MODES: Record<PdfLanguage, Record<string, string>> = {
	pl: { '1': 'morski', '2': 'kolejowy', '3': 'drogowy', '4': 'lotniczy', '5': 'przesyłka pocztowa', '7': 'stałe instalacje przesyłowe', '8': 'żegluga śródlądowa' },
	en: { '1': 'sea', '2': 'rail', '3': 'road', '4': 'air', '5': 'postal consignment', '7': 'fixed installations', '8': 'inland waterway' },
};
const CARGO: Record<PdfLanguage, string[]> = {
	pl: ['Bańka', 'Beczka', 'Butla', 'Karton', 'Kanister', 'Klatka', 'Kontener', 'Kosz/koszyk', 'Łubianka', 'Opakowanie zbiorcze', 'Paczka', 'Pakunek', 'Paleta', 'Pojemnik', 'Pojemnik do ładunków masowych stałych', 'Pojemnik do ładunków masowych w postaci płynnej', 'Pudełko', 'Puszka', 'Skrzynia', 'Worek'],
	en: ['Churn', 'Barrel', 'Cylinder', 'Carton', 'Canister', 'Crate', 'Container', 'Basket', 'Punnet', 'Multipack', 'Parcel', 'Package', 'Pallet', 'Bin', 'Bulk solids container', 'Bulk liquids container', 'Box', 'Can', 'Case', 'Sack'],
};

/** One Transport entry: mode, carrier, cargo, times and the route (from, via, to). */
function transportFields(context: SectionContext, transport: InvoiceJson): void {
	const { page, invoice: r, language } = context;
	const pl = language === 'pl';
	const mode = r.text(transport, 'RodzajTransportu');
	r.consume(transport, 'TransportInny');
	const cargo = r.text(transport, 'OpisLadunku');
	r.consume(transport, 'LadunekInny');
	const place = (node: InvoiceJson | undefined) => (node ? [r.text(node, 'AdresL1'), r.text(node, 'AdresL2'), r.text(node, 'KodKraju'), r.text(node, 'GLN')].filter(Boolean).join(', ') : undefined);
	const carrier = r.child(transport, 'Przewoznik');
	const carrierId = r.child(carrier, 'DaneIdentyfikacyjne');
	const carrierText = carrier
		? [r.text(carrierId, 'Nazwa'), r.text(carrierId, 'NIP') && `NIP ${r.text(carrierId, 'NIP')}`, r.text(carrierId, 'NrVatUE') && `${r.text(carrierId, 'KodUE') ?? ''}${r.text(carrierId, 'NrVatUE')}`, r.text(carrierId, 'NrID') && `${r.text(carrierId, 'KodKraju') ?? ''} ${r.text(carrierId, 'NrID')}`, place(r.child(carrier, 'AdresPrzewoznika'))]
				.filter(Boolean)
				.join(' · ')
		: undefined;
	if (carrierId) r.consume(carrierId, 'BrakID');
	page.fields(
		[
			[pl ? 'Rodzaj transportu' : 'Mode of transport', mode ? (TRANSPORT_MODES[language][mode] ?? mode) : r.text(transport, 'OpisInnegoTransportu')],
			[pl ? 'Przewoźnik' : 'Carrier', carrierText],
			[pl ? 'Numer zlecenia transportu' : 'Transport order number', r.text(transport, 'NrZleceniaTransportu')],
			[pl ? 'Ładunek' : 'Cargo', cargo ? (CARGO[language][Number(cargo) - 1] ?? cargo) : r.text(transport, 'OpisInnegoLadunku')],
			[pl ? 'Jednostka opakowania' : 'Packaging unit', r.text(transport, 'JednostkaOpakowania')],
			[pl ? 'Rozpoczęcie transportu' : 'Transport start', formatDate(r.text(transport, 'DataGodzRozpTransportu'))],
			[pl ? 'Zakończenie transportu' : 'Transport end', formatDate(r.text(transport, 'DataGodzZakTransportu'))],
			[pl ? 'Wysyłka z' : 'Shipped from', place(r.child(transport, 'WysylkaZ'))],
			[pl ? 'Wysyłka przez' : 'Shipped via', r.children(transport, 'WysylkaPrzez').map(place).join('\n')],
			[pl ? 'Wysyłka do' : 'Shipped to', place(r.child(transport, 'WysylkaDo'))],
		].map(([label, value]) => [label, value] as [string, string | undefined]),
	);
}

/** Zamowienie: the order an advance invoice is for, with its lines. */
export function orderSection(context: SectionContext, fa: InvoiceJson): void {
	const { page, invoice: r, labels, language } = context;
	const order = r.child(fa, 'Zamowienie');
	if (!order) return;
	page.heading(language === 'pl' ? 'Zamówienie' : 'Order');
	page.fields([[language === 'pl' ? 'Wartość zamówienia' : 'Order value', formatAmount(r.text(order, 'WartoscZamowienia'), language)]]);
	const c = labels.lineColumns;
	page.table(
		[
			{ header: c.no, weight: 5, align: 'right' },
			{ header: c.name, weight: 31 },
			{ header: c.quantity, weight: 10, align: 'right' },
			{ header: c.unit, weight: 8 },
			{ header: c.unitNet, weight: 12, align: 'right' },
			{ header: c.rate, weight: 8, align: 'right' },
			{ header: c.net, weight: 14, align: 'right' },
			{ header: labels.vatColumns.vat, weight: 12, align: 'right' },
		],
		r.children(order, 'ZamowienieWiersz').map((line, index) => {
			r.consume(line, 'UU_IDZ');
			const rate = r.text(line, 'P_12Z');
			return [
				r.text(line, 'NrWierszaZam') ?? String(index + 1),
				`${r.text(line, 'P_7Z') ?? ''}${r.text(line, 'StanPrzedZ') === '1' ? ` (${language === 'pl' ? 'stan przed korektą' : 'before correction'})` : ''}`,
				formatNumber(r.text(line, 'P_8BZ'), language),
				r.text(line, 'P_8AZ') ?? '',
				formatNumber(r.text(line, 'P_9AZ'), language),
				rate === undefined ? '' : /^\d+$/.test(rate) ? `${rate}%` : rate,
				formatAmount(r.text(line, 'P_11NettoZ'), language),
				formatAmount(r.text(line, 'P_11VatZ'), language),
			];
		}),
	);
}

/** Stopka: footer texts and company registers (KRS, REGON, BDO). */
export function footerSection(context: SectionContext): void {
	const { page, invoice: r, labels } = context;
	const footer = r.child(r.root, 'Stopka');
	if (!footer) return;
	const texts = r.children(footer, 'Informacje').map((info) => r.text(info, 'StopkaFaktury') ?? '');
	const registers = r.children(footer, 'Rejestry');
	if (!texts.length && !registers.length) return;
	page.heading(labels.footer);
	for (const text of texts) page.paragraph(text);
	for (const register of registers) {
		page.fields(
			[
				[labels.name, r.text(register, 'PelnaNazwa')],
				['KRS', r.text(register, 'KRS')],
				['REGON', r.text(register, 'REGON')],
				['BDO', r.text(register, 'BDO')],
			],
			4,
		);
	}
}

/** Zalacznik: the attachment's data blocks, with their texts and tables. */
export function attachmentSection(context: SectionContext): void {
	const { page, invoice: r, labels } = context;
	const attachment = r.child(r.root, 'Zalacznik');
	if (!attachment) return;
	page.heading(labels.attachment);
	for (const block of r.children(attachment, 'BlokDanych')) {
		const title = r.text(block, 'ZNaglowek');
		if (title) {
			page.ensure(30);
			page.doc.font('bold').fontSize(9).text(title, page.left, page.y, { width: page.width });
			page.y = page.doc.y + 3;
		}
		page.fields(r.children(block, 'MetaDane').map((meta): [string, string | undefined] => [r.text(meta, 'ZKlucz') ?? '', r.text(meta, 'ZWartosc')]));
		for (const text of r.children(block, 'Tekst')) page.paragraph(r.texts(text, 'Akapit').join('\n'));
		for (const table of r.children(block, 'Tabela')) tableOfAttachment(context, table);
	}
}

function tableOfAttachment({ page, invoice: r }: SectionContext, table: InvoiceJson): void {
	const meta = r.children(table, 'TMetaDane').map((entry): [string, string | undefined] => [r.text(entry, 'TKlucz') ?? '', r.text(entry, 'TWartosc')]);
	page.fields(meta);
	const description = r.text(table, 'Opis');
	if (description) page.paragraph(description);
	const header = r.children(r.child(table, 'TNaglowek'), 'Kol');
	const columns: Column[] = header.map((column) => {
		const type = (column['@Typ'] as string | undefined) ?? '';
		return { header: r.text(column, 'NKom') ?? '', weight: 1, align: /dec|int/.test(type) ? 'right' : 'left' };
	});
	if (!columns.length) return;
	const rows = r.children(table, 'Wiersz').map((row) => r.texts(row, 'WKom'));
	const sums = r.children(table, 'Suma').map((row) => r.texts(row, 'SKom'));
	page.table(columns, [...rows, ...sums].map((row) => columns.map((_, index) => row[index] ?? '')));
}

/** Everything no section above showed, by element path, so the PDF carries every value of the invoice. */
export function otherDataSection(context: SectionContext): void {
	const { page, invoice: r, labels, language } = context;
	const rest = r.unshown();
	if (!rest.length) return;
	page.heading(labels.otherData);
	page.table(
		[
			{ header: 'Element', weight: 45 },
			{ header: language === 'en' ? 'Value' : 'Wartość', weight: 55 },
		],
		rest.map(({ path, value }) => [path.join(' › '), value]),
	);
}
