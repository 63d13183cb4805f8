import { constants, createHash, verify } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOfflineCertificate } from '../../src/auth/signing/offlineCertificate';
import { loadSigningIdentity } from '../../src/auth/signing/signingIdentity';
import { ksefNumberChecksum } from '../../src/domain/ksefNumber';
import { parseInvoice, type InvoiceJson } from '../../src/invoices/parseInvoice';
import { renderInvoicePdf } from '../../src/pdf';
import { createCertificateAuthority } from '../simulator/x509/issueCertificate';
import { INVOICE_FIXTURES, makeInvoice, sampleInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { decodeQr, pdfPageCount, pdfText, rasterisePage, writePagePng } from './support/pdfTools';

const SAMPLES = readdirSync(INVOICE_FIXTURES).filter((name) => name.endsWith('.xml'));

/** A well-formed KSeF number (valid CRC-8) for the invoice's seller, as KSeF would assign it. */
function ksefNumberFor(sellerNip: string, serial: number): string {
	const first32 = `${sellerNip}-20260216-${serial.toString(16).toUpperCase().padStart(12, '0')}`;
	return `${first32}-${ksefNumberChecksum(first32)}`;
}

/** KOD I built here from its definition (reference.md §14), not with the package's own function. */
function expectedKodI(xml: Buffer, sellerNip: string, issueDate: string): string {
	const [year, month, day] = issueDate.split('-');
	return `https://qr-test.ksef.mf.gov.pl/invoice/${sellerNip}/${day}-${month}-${year}/${createHash('sha256').update(xml).digest('base64url')}`;
}

const text = (node: unknown): string | undefined => (typeof node === 'string' ? node : undefined);
const spaced = (value: string) => value.replace(/\s+/g, ' ').trim();

/** P_15 as the Polish layout writes it: "2 051,00". */
function polishAmount(value: string): string {
	const [whole, fraction = ''] = value.split('.');
	return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${fraction.padEnd(2, '0')}`;
}

// The QR codes sit at the top right: KOD I, and KOD II to its right (points, A4).
const KOD_I_ALONE = { x: 440, y: 30, width: 125, height: 125 };
const KOD_I_OF_TWO = { x: 318, y: 30, width: 125, height: 125 };
const KOD_II = { x: 440, y: 30, width: 125, height: 125 };

describe('Invoice PDF', () => {
	describe.each(SAMPLES)('official sample %s', (sample) => {
		const xml = sampleInvoice(sample);
		const invoice = parseInvoice(xml);
		const fa = invoice.Fa as InvoiceJson;
		const seller = (invoice.Podmiot1 as InvoiceJson).DaneIdentyfikacyjne as InvoiceJson;
		const buyer = (invoice.Podmiot2 as InvoiceJson | undefined)?.DaneIdentyfikacyjne as InvoiceJson | undefined;
		const sellerNip = text(seller.NIP) as string;
		const ksefNumber = ksefNumberFor(sellerNip, SAMPLES.indexOf(sample) + 1);

		it('shows seller, buyer, invoice and KSeF numbers and the total, and its QR code decodes to the KOD I link', async () => {
			const rendered = await renderInvoicePdf(xml, { ksefNumber, environment: 'test' });
			const link = expectedKodI(xml, sellerNip, text(fa.P_1) as string);
			expect(rendered.verificationLink).toBe(link);
			expect(rendered.fileName).toBe(`${ksefNumber}.pdf`);
			expect(pdfPageCount(rendered.pdf)).toBe(rendered.pages);

			const content = pdfText(rendered.pdf);
			expect(content).toContain(spaced(text(seller.Nazwa) as string));
			expect(content).toContain(sellerNip);
			if (buyer?.Nazwa) expect(content).toContain(spaced(text(buyer.Nazwa) as string));
			if (buyer?.NIP) expect(content).toContain(text(buyer.NIP));
			expect(content).toContain(text(fa.P_2));
			expect(content).toContain(ksefNumber);
			expect(content).toContain(`${polishAmount(text(fa.P_15) as string)} ${text(fa.KodWaluty)}`);
			for (const line of (fa.FaWiersz as InvoiceJson[] | undefined) ?? []) {
				if (line.P_7) expect(content).toContain(spaced(text(line.P_7) as string));
			}

			expect(decodeQr(rasterisePage(rendered.pdf, 1), KOD_I_ALONE)).toBe(link);
		});
	});

	it('leaves no value of the invoice out: an element no section knows is listed with its path under "other data"', async () => {
		const xml = Buffer.from(
			sampleInvoice('FA_3_Przyklad_1.xml')
				.toString('utf8')
				.replace('<FP>1</FP>', '<FP>1</FP><ZwrotAkcyzy>1</ZwrotAkcyzy>')
				.replace('<SystemInfo>SamploFaktur</SystemInfo>', '<SystemInfo>SamploFaktur</SystemInfo><NowyElement>wartość spoza układu</NowyElement>'),
		);
		const content = pdfText((await renderInvoicePdf(xml, { environment: 'test' })).pdf);
		expect(content).toContain('Pozostałe dane faktury');
		expect(content).toContain('Fa › ZwrotAkcyzy 1');
		expect(content).toContain('Naglowek › NowyElement wartość spoza układu');
	});

	it('shows texts as the reader should see them: "&lt;500 kWh" in the XML is "<500 kWh" in the PDF', async () => {
		const content = pdfText((await renderInvoicePdf(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml'), { environment: 'test' })).pdf);
		expect(content).toContain('<500 kWh');
		expect(content).not.toContain('&lt;');
	});

	it('without a KSeF number prints OFFLINE under KOD I and names the file after the invoice number', async () => {
		const rendered = await renderInvoicePdf(sampleInvoice('FA_3_Przyklad_1.xml'), { environment: 'prod' });
		expect(rendered.fileName).toBe('FV2026_02_150.pdf');
		expect(rendered.verificationLink).toMatch(/^https:\/\/qr\.ksef\.mf\.gov\.pl\/invoice\/9999999999\/15-02-2026\//);
		expect(pdfText(rendered.pdf)).toContain('OFFLINE');
	});

	it('English labels on request; amounts written the English way', async () => {
		const content = pdfText((await renderInvoicePdf(sampleInvoice('FA_3_Przyklad_1.xml'), { environment: 'test', language: 'en' })).pdf);
		for (const label of ['VAT invoice', 'Seller', 'Buyer', 'Items', 'VAT summary', 'Total amount due: 2,051.00 PLN', 'Bank transfer']) expect(content).toContain(label);
		expect(content).not.toContain('Sprzedawca');
	});

	it('renders a built invoice (makeInvoice: Build Invoice is not on main yet) with its own number and link', async () => {
		const invoiceNumber = uniqueInvoiceNumber('PDF');
		const xml = makeInvoice({ invoiceNumber, sellerNip: '5265877635', issueDate: '2026-03-02' });
		const rendered = await renderInvoicePdf(xml, { environment: 'test' });
		const content = pdfText(rendered.pdf);
		expect(content).toContain(invoiceNumber);
		expect(content).toContain('5265877635');
		const link = expectedKodI(xml, '5265877635', '2026-03-02');
		expect(decodeQr(rasterisePage(rendered.pdf, 1), KOD_I_ALONE)).toBe(link);
	});

	it('refuses what is not an FA(3) invoice, naming the problem', async () => {
		await expect(renderInvoicePdf(Buffer.from('<Potwierdzenie/>'), { environment: 'test' })).rejects.toThrow('Invoice XML has no Faktura root element');
		await expect(renderInvoicePdf(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><Faktura/>'), { environment: 'test' })).rejects.toThrow(/DOCTYPE/);
	});

	describe('KOD II (offline invoice)', () => {
		const ca = createCertificateAuthority();
		const subject = { person: { givenName: 'Anna', surname: 'Offline', nip: '9999999999' } };
		const xml = sampleInvoice('FA_3_Przyklad_1.xml');
		const hash = createHash('sha256').update(xml).digest('base64url');

		it.each(['ec', 'rsa'] as const)('signed with an Offline certificate (%s): both codes decode, the signature verifies with the certificate', async (keyType) => {
			const issued = ca.issue({ subject, kind: 'Offline', keyType });
			const certificate = loadOfflineCertificate({ format: 'pem', certificate: issued.certificatePem, privateKey: issued.privateKeyPem });
			const rendered = await renderInvoicePdf(xml, { environment: 'test', offline: { certificate } });
			const signedPart = `qr-test.ksef.mf.gov.pl/certificate/Nip/9999999999/9999999999/${issued.serialNumber}/${hash}`;
			expect(rendered.certificateLink?.startsWith(`https://${signedPart}/`)).toBe(true);
			const signature = Buffer.from(rendered.certificateLink?.split('/').pop() ?? '', 'base64url');
			const publicKey = issued.certificate.publicKey;
			const valid =
				keyType === 'rsa'
					? verify('sha256', Buffer.from(signedPart), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
					: verify('sha256', Buffer.from(signedPart), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
			expect(valid).toBe(true);
			if (keyType === 'ec') expect(signature).toHaveLength(64);

			const page = rasterisePage(rendered.pdf, 1);
			expect(decodeQr(page, KOD_I_OF_TWO)).toBe(rendered.verificationLink);
			expect(decodeQr(page, KOD_II)).toBe(rendered.certificateLink);
			const content = pdfText(rendered.pdf);
			expect(content).toContain('OFFLINE');
			expect(content).toContain('CERTYFIKAT');
		});

		it('takes the context from the options (another NIP, internal ID)', async () => {
			const issued = ca.issue({ subject, kind: 'Offline' });
			const certificate = loadOfflineCertificate({ format: 'pem', certificate: issued.certificatePem, privateKey: issued.privateKeyPem });
			const rendered = await renderInvoicePdf(xml, { environment: 'demo', offline: { certificate, contextType: 'InternalId', contextValue: '9999999999-12345' } });
			expect(rendered.certificateLink).toMatch(new RegExp(`^https://qr-demo\\.ksef\\.mf\\.gov\\.pl/certificate/InternalId/9999999999-12345/9999999999/${issued.serialNumber}/${hash}/[\\w-]+$`));
		});

		it('an Authentication certificate cannot sign KOD II, and an Offline one still cannot sign in', () => {
			const authentication = ca.issue({ subject, kind: 'Authentication' });
			expect(() => loadOfflineCertificate({ format: 'pem', certificate: authentication.certificatePem, privateKey: authentication.privateKeyPem })).toThrow(
				'Offline Certificate is a KSeF Authentication certificate, which cannot sign KOD II',
			);
			const offline = ca.issue({ subject, kind: 'Offline' });
			expect(() => loadSigningIdentity({ format: 'pem', certificate: offline.certificatePem, privateKey: offline.privateKeyPem })).toThrow(/Offline certificate, which cannot sign in/);
		});

		it('refuses keys KOD II does not allow (EC other than P-256) and expired certificates', () => {
			const p384 = ca.issue({ subject, kind: 'Offline', keyType: 'ec', ecCurve: 'secp384r1' });
			expect(() => loadOfflineCertificate({ format: 'pem', certificate: p384.certificatePem, privateKey: p384.privateKeyPem })).toThrow(/ECDSA P-256/);
			const expired = ca.issue({ subject, kind: 'Offline', validFrom: new Date('2024-01-01'), validTo: new Date('2025-01-01') });
			expect(() => loadOfflineCertificate({ format: 'pem', certificate: expired.certificatePem, privateKey: expired.privateKeyPem })).toThrow(
				'Offline Certificate expired on 2025-01-01T00:00:00.000Z',
			);
		});
	});

	it('rasterises two sample pages to PNG (the README shows them; KSEF_WRITE_README_IMAGES=1 writes them into docs/)', async () => {
		const target = process.env.KSEF_WRITE_README_IMAGES === '1' ? join(__dirname, '..', '..', 'docs') : join(tmpdir(), `ksef-pdf-png-${process.pid}`);
		mkdirSync(target, { recursive: true });
		const invoice = await renderInvoicePdf(sampleInvoice('FA_3_Przyklad_1.xml'), { ksefNumber: ksefNumberFor('9999999999', 0x0100001af629), environment: 'test' });
		const attachment = await renderInvoicePdf(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml'), { ksefNumber: ksefNumberFor('9999999999', 0x0100001af62a), environment: 'test' });
		writePagePng(invoice.pdf, 1, join(target, 'invoice-pdf-page-1.png'));
		writePagePng(attachment.pdf, 2, join(target, 'invoice-pdf-attachment-page.png'));
		expect(readdirSync(target)).toEqual(expect.arrayContaining(['invoice-pdf-page-1.png', 'invoice-pdf-attachment-page.png']));
	});
});
