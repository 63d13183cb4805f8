/**
 * The words of the visualisation, Polish (the official visualisation's wording) and English. Codes of the FA(3)
 * schema are spelled out here so a reader never sees a bare "6" for a payment by transfer.
 */
export type PdfLanguage = 'pl' | 'en';

export interface Labels {
	invoiceKinds: Record<string, string>;
	invoiceNumber: string;
	ksefNumber: string;
	issueDate: string;
	issuePlace: string;
	saleDate: string;
	salePeriod: string;
	currency: string;
	seller: string;
	buyer: string;
	thirdParty: string;
	authorisedEntity: string;
	name: string;
	nip: string;
	euVat: string;
	taxId: string;
	internalId: string;
	noId: string;
	address: string;
	correspondenceAddress: string;
	email: string;
	phone: string;
	customerNumber: string;
	buyerId: string;
	eori: string;
	taxpayerPrefix: string;
	taxpayerStatus: string;
	jst: string;
	gv: string;
	role: string;
	share: string;
	roles: Record<string, string>;
	authorisedRoles: Record<string, string>;
	lines: string;
	lineColumns: { no: string; name: string; quantity: string; unit: string; unitNet: string; unitGross: string; discount: string; net: string; gross: string; rate: string };
	lineDetails: string;
	vatSummary: string;
	vatColumns: { rate: string; net: string; vat: string; vatPln: string; gross: string };
	vatRows: Record<string, string>;
	total: string;
	totalDue: string;
	annotations: string;
	annotationFlags: Record<string, string>;
	exemption: string;
	marginProcedures: Record<string, string>;
	correction: string;
	correctionReason: string;
	correctionType: string;
	correctionTypes: Record<string, string>;
	correctedInvoice: string;
	correctedDate: string;
	correctedKsef: string;
	additionalInfo: string;
	payment: string;
	paid: string;
	paymentDate: string;
	partPayments: string;
	dueDates: string;
	paymentMethod: string;
	paymentMethods: Record<string, string>;
	bankAccounts: string;
	factorAccounts: string;
	discount: string;
	paymentLink: string;
	settlement: string;
	charges: string;
	deductions: string;
	toPay: string;
	toSettle: string;
	transactionTerms: string;
	orders: string;
	contracts: string;
	footer: string;
	registers: string;
	attachment: string;
	otherData: string;
	yes: string;
	no: string;
	qrCaption: string;
	qrOfflineCaption: string;
	certificateQrCaption: string;
	page: (page: number, pages: number) => string;
	upo: UpoLabels;
}

export interface UpoLabels {
	title: string;
	receiver: string;
	sessionReference: string;
	context: string;
	authenticationDigest: string;
	page: string;
	documents: string;
	schema: string;
	columns: { ksefNumber: string; invoiceNumber: string; seller: string; issueDate: string; sent: string; numbered: string; digest: string; mode: string };
}

const PL: Labels = {
	invoiceKinds: {
		VAT: 'Faktura podstawowa',
		KOR: 'Faktura korygująca',
		ZAL: 'Faktura zaliczkowa',
		ROZ: 'Faktura rozliczeniowa',
		UPR: 'Faktura uproszczona',
		KOR_ZAL: 'Faktura korygująca fakturę zaliczkową',
		KOR_ROZ: 'Faktura korygująca fakturę rozliczeniową',
	},
	invoiceNumber: 'Numer faktury',
	ksefNumber: 'Numer KSeF',
	issueDate: 'Data wystawienia',
	issuePlace: 'Miejsce wystawienia',
	saleDate: 'Data dokonania dostawy / wykonania usługi',
	salePeriod: 'Okres, którego dotyczy faktura',
	currency: 'Waluta',
	seller: 'Sprzedawca',
	buyer: 'Nabywca',
	thirdParty: 'Podmiot trzeci',
	authorisedEntity: 'Podmiot upoważniony',
	name: 'Nazwa',
	nip: 'NIP',
	euVat: 'Numer VAT UE',
	taxId: 'Identyfikator podatkowy',
	internalId: 'Identyfikator wewnętrzny',
	noId: 'Brak identyfikatora',
	address: 'Adres',
	correspondenceAddress: 'Adres korespondencyjny',
	email: 'E-mail',
	phone: 'Telefon',
	customerNumber: 'Numer klienta',
	buyerId: 'Identyfikator nabywcy',
	eori: 'Numer EORI',
	taxpayerPrefix: 'Prefiks VAT',
	taxpayerStatus: 'Status podatnika',
	jst: 'Jednostka podrzędna JST',
	gv: 'Członek grupy VAT',
	role: 'Rola',
	share: 'Udział',
	roles: {
		'1': 'Faktor',
		'2': 'Odbiorca',
		'3': 'Podmiot pierwotny',
		'4': 'Dodatkowy nabywca',
		'5': 'Wystawca faktury',
		'6': 'Dokonujący płatności',
		'7': 'JST – wystawca',
		'8': 'JST – odbiorca',
		'9': 'Członek grupy VAT – wystawca',
		'10': 'Członek grupy VAT – odbiorca',
		'11': 'Pracownik',
	},
	authorisedRoles: { '1': 'Organ egzekucyjny', '2': 'Komornik sądowy', '3': 'Przedstawiciel podatkowy' },
	lines: 'Pozycje',
	lineColumns: { no: 'Lp.', name: 'Nazwa towaru lub usługi', quantity: 'Ilość', unit: 'Miara', unitNet: 'Cena jedn. netto', unitGross: 'Cena jedn. brutto', discount: 'Rabat', net: 'Wartość netto', gross: 'Wartość brutto', rate: 'Stawka' },
	lineDetails: 'Szczegóły pozycji',
	vatSummary: 'Podsumowanie stawek podatku',
	vatColumns: { rate: 'Stawka', net: 'Kwota netto', vat: 'Kwota podatku', vatPln: 'Podatek w PLN', gross: 'Kwota brutto' },
	vatRows: {
		'1': '23% lub 22%',
		'2': '8% lub 7%',
		'3': '5%',
		'4': '4% lub 3% (ryczałt taksówki)',
		'5': 'Procedura szczególna OSS',
		'6_1': '0% (krajowe)',
		'6_2': '0% (WDT)',
		'6_3': '0% (eksport)',
		'7': 'zw (zwolnione)',
		'8': 'np (poza terytorium kraju)',
		'9': 'np (art. 100 ust. 1 pkt 4)',
		'10': 'oo (odwrotne obciążenie)',
		'11': 'marża',
	},
	total: 'Razem',
	totalDue: 'Kwota należności ogółem',
	annotations: 'Adnotacje',
	annotationFlags: {
		P_16: 'Metoda kasowa',
		P_17: 'Samofakturowanie',
		P_18: 'Odwrotne obciążenie',
		P_18A: 'Mechanizm podzielonej płatności',
		P_23: 'Procedura uproszczona (transakcja trójstronna)',
		P_22: 'Wewnątrzwspólnotowa dostawa nowych środków transportu',
		FP: 'Faktura, o której mowa w art. 109 ust. 3d ustawy',
		TP: 'Istniejące powiązania między nabywcą a dokonującym dostawy',
	},
	exemption: 'Zwolnienie z podatku',
	marginProcedures: {
		P_PMarzy_2: 'Procedura marży dla biur podróży',
		P_PMarzy_3_1: 'Procedura marży – towary używane',
		P_PMarzy_3_2: 'Procedura marży – dzieła sztuki',
		P_PMarzy_3_3: 'Procedura marży – przedmioty kolekcjonerskie i antyki',
	},
	correction: 'Dane faktury korygowanej',
	correctionReason: 'Przyczyna korekty',
	correctionType: 'Typ skutku korekty',
	correctionTypes: {
		'1': 'W dacie ujęcia faktury pierwotnej',
		'2': 'W dacie wystawienia faktury korygującej',
		'3': 'W dacie innej',
	},
	correctedInvoice: 'Numer faktury korygowanej',
	correctedDate: 'Data wystawienia faktury korygowanej',
	correctedKsef: 'Numer KSeF faktury korygowanej',
	additionalInfo: 'Dodatkowe informacje',
	payment: 'Płatność',
	paid: 'Zapłacono',
	paymentDate: 'Data zapłaty',
	partPayments: 'Zapłata częściowa',
	dueDates: 'Termin płatności',
	paymentMethod: 'Forma płatności',
	paymentMethods: { '1': 'Gotówka', '2': 'Karta', '3': 'Bon', '4': 'Czek', '5': 'Kredyt', '6': 'Przelew', '7': 'Płatność mobilna' },
	bankAccounts: 'Rachunek bankowy',
	factorAccounts: 'Rachunek bankowy faktora',
	discount: 'Skonto',
	paymentLink: 'Link do płatności',
	settlement: 'Rozliczenie',
	charges: 'Obciążenia',
	deductions: 'Odliczenia',
	toPay: 'Do zapłaty',
	toSettle: 'Do rozliczenia',
	transactionTerms: 'Warunki transakcji',
	orders: 'Zamówienia',
	contracts: 'Umowy',
	footer: 'Stopka faktury',
	registers: 'Rejestry',
	attachment: 'Załącznik',
	otherData: 'Pozostałe dane faktury',
	yes: 'tak',
	no: 'nie',
	qrCaption: 'Sprawdź, czy Twoja faktura znajduje się w KSeF',
	qrOfflineCaption: 'Faktura wystawiona w trybie offline',
	certificateQrCaption: 'Weryfikacja wystawcy (KOD II)',
	page: (page, pages) => `Strona ${page} z ${pages}`,
	upo: {
		title: 'Urzędowe Poświadczenie Odbioru (UPO)',
		receiver: 'Podmiot przyjmujący',
		sessionReference: 'Numer referencyjny sesji',
		context: 'Kontekst',
		authenticationDigest: 'Skrót dokumentu uwierzytelniającego',
		page: 'Strona UPO',
		documents: 'Dokumenty',
		schema: 'Struktura logiczna',
		columns: {
			ksefNumber: 'Numer KSeF',
			invoiceNumber: 'Numer faktury',
			seller: 'NIP sprzedawcy',
			issueDate: 'Data wystawienia',
			sent: 'Przesłano',
			numbered: 'Nadano numer KSeF',
			digest: 'Skrót dokumentu',
			mode: 'Tryb',
		},
	},
};

const EN: Labels = {
	invoiceKinds: {
		VAT: 'VAT invoice',
		KOR: 'Corrective invoice',
		ZAL: 'Advance invoice',
		ROZ: 'Settlement invoice',
		UPR: 'Simplified invoice',
		KOR_ZAL: 'Correction of an advance invoice',
		KOR_ROZ: 'Correction of a settlement invoice',
	},
	invoiceNumber: 'Invoice number',
	ksefNumber: 'KSeF number',
	issueDate: 'Issue date',
	issuePlace: 'Place of issue',
	saleDate: 'Date of supply',
	salePeriod: 'Period covered',
	currency: 'Currency',
	seller: 'Seller',
	buyer: 'Buyer',
	thirdParty: 'Third party',
	authorisedEntity: 'Authorised entity',
	name: 'Name',
	nip: 'NIP (tax ID)',
	euVat: 'EU VAT number',
	taxId: 'Tax ID',
	internalId: 'Internal ID',
	noId: 'No identifier',
	address: 'Address',
	correspondenceAddress: 'Correspondence address',
	email: 'E-mail',
	phone: 'Phone',
	customerNumber: 'Customer number',
	buyerId: 'Buyer ID',
	eori: 'EORI number',
	taxpayerPrefix: 'VAT prefix',
	taxpayerStatus: 'Taxpayer status',
	jst: 'Local government sub-unit',
	gv: 'VAT group member',
	role: 'Role',
	share: 'Share',
	roles: {
		'1': 'Factor',
		'2': 'Recipient',
		'3': 'Original entity',
		'4': 'Additional buyer',
		'5': 'Invoice issuer',
		'6': 'Payer',
		'7': 'Local government – issuer',
		'8': 'Local government – recipient',
		'9': 'VAT group member – issuer',
		'10': 'VAT group member – recipient',
		'11': 'Employee',
	},
	authorisedRoles: { '1': 'Enforcement authority', '2': 'Court bailiff', '3': 'Tax representative' },
	lines: 'Items',
	lineColumns: { no: 'No.', name: 'Goods or service', quantity: 'Qty', unit: 'Unit', unitNet: 'Unit net', unitGross: 'Unit gross', discount: 'Discount', net: 'Net', gross: 'Gross', rate: 'Rate' },
	lineDetails: 'Item details',
	vatSummary: 'VAT summary',
	vatColumns: { rate: 'Rate', net: 'Net', vat: 'VAT', vatPln: 'VAT in PLN', gross: 'Gross' },
	vatRows: {
		'1': '23% or 22%',
		'2': '8% or 7%',
		'3': '5%',
		'4': '4% or 3% (taxi flat rate)',
		'5': 'OSS special procedure',
		'6_1': '0% (domestic)',
		'6_2': '0% (intra-EU supply)',
		'6_3': '0% (export)',
		'7': 'exempt',
		'8': 'out of scope (outside Poland)',
		'9': 'out of scope (art. 100(1)(4))',
		'10': 'reverse charge',
		'11': 'margin',
	},
	total: 'Total',
	totalDue: 'Total amount due',
	annotations: 'Annotations',
	annotationFlags: {
		P_16: 'Cash accounting',
		P_17: 'Self-billing',
		P_18: 'Reverse charge',
		P_18A: 'Split payment',
		P_23: 'Simplified triangular transaction',
		P_22: 'Intra-EU supply of new means of transport',
		FP: 'Invoice under art. 109(3d) of the VAT Act',
		TP: 'Related parties',
	},
	exemption: 'VAT exemption',
	marginProcedures: {
		P_PMarzy_2: 'Margin scheme – travel agencies',
		P_PMarzy_3_1: 'Margin scheme – second-hand goods',
		P_PMarzy_3_2: 'Margin scheme – works of art',
		P_PMarzy_3_3: 'Margin scheme – collectors’ items and antiques',
	},
	correction: 'Corrected invoice',
	correctionReason: 'Reason for correction',
	correctionType: 'Correction takes effect',
	correctionTypes: { '1': 'On the date of the original invoice', '2': 'On the date of the correction', '3': 'On another date' },
	correctedInvoice: 'Corrected invoice number',
	correctedDate: 'Corrected invoice issue date',
	correctedKsef: 'Corrected invoice KSeF number',
	additionalInfo: 'Additional information',
	payment: 'Payment',
	paid: 'Paid',
	paymentDate: 'Payment date',
	partPayments: 'Partial payment',
	dueDates: 'Due date',
	paymentMethod: 'Payment method',
	paymentMethods: { '1': 'Cash', '2': 'Card', '3': 'Voucher', '4': 'Cheque', '5': 'Credit', '6': 'Bank transfer', '7': 'Mobile payment' },
	bankAccounts: 'Bank account',
	factorAccounts: 'Factor’s bank account',
	discount: 'Early payment discount',
	paymentLink: 'Payment link',
	settlement: 'Settlement',
	charges: 'Charges',
	deductions: 'Deductions',
	toPay: 'To pay',
	toSettle: 'To settle',
	transactionTerms: 'Transaction terms',
	orders: 'Orders',
	contracts: 'Contracts',
	footer: 'Invoice footer',
	registers: 'Registers',
	attachment: 'Attachment',
	otherData: 'Other invoice data',
	yes: 'yes',
	no: 'no',
	qrCaption: 'Check that your invoice is in KSeF',
	qrOfflineCaption: 'Invoice issued in offline mode',
	certificateQrCaption: 'Issuer verification (KOD II)',
	page: (page, pages) => `Page ${page} of ${pages}`,
	upo: {
		title: 'Official Acknowledgement of Receipt (UPO)',
		receiver: 'Received by',
		sessionReference: 'Session reference number',
		context: 'Context',
		authenticationDigest: 'Authentication document digest',
		page: 'UPO page',
		documents: 'Documents',
		schema: 'Logical structure',
		columns: {
			ksefNumber: 'KSeF number',
			invoiceNumber: 'Invoice number',
			seller: 'Seller NIP',
			issueDate: 'Issue date',
			sent: 'Sent',
			numbered: 'KSeF number assigned',
			digest: 'Document digest',
			mode: 'Mode',
		},
	},
};

export function labelsFor(language: PdfLanguage): Labels {
	return language === 'en' ? EN : PL;
}
