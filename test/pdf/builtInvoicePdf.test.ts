import { createHash } from 'node:crypto';
import { buildInvoiceXml } from '../../src/fa3/build';
import { renderInvoicePdf } from '../../src/pdf';
import { decodeQr, pdfText, rasterisePage } from './support/pdfTools';

describe('Invoice PDF of an invoice made by Build Invoice', () => {
	it('shows the parties, every line, the VAT per rate and the total, and KOD I decodes to the link of the built XML', async () => {
		const built = buildInvoiceXml({
			invoiceNumber: 'FV/PDF/2026/03/7',
			issueDate: '2026-03-31',
			seller: { nip: '9999999999', name: 'Zakład Usług Różnych „Żuraw” sp. z o.o.', addressLine1: 'ul. Łąkowa 1', addressLine2: '00-001 Warszawa' },
			buyer: { nip: '1111111111', name: 'Buyer S.A.', addressLine1: 'ul. Polna 1' },
			lines: [
				{ name: 'Usługa serwisowa', unitPrice: '100.00', vatRate: '23', quantity: 2 },
				{ name: 'Książka', unitPrice: '33.33', vatRate: '5', quantity: 3 },
				{ name: 'Szkolenie', unitPrice: '10', vatRate: 'zw' },
			],
			annotations: { exemptionText: 'art. 43 ust. 1 pkt 29 ustawy o VAT' },
		});
		const xml = Buffer.from(built.xml, 'utf8');
		const rendered = await renderInvoicePdf(xml, { environment: 'test' });
		const content = pdfText(rendered.pdf);
		for (const text of ['Zakład Usług Różnych „Żuraw” sp. z o.o.', 'Buyer S.A.', 'FV/PDF/2026/03/7', 'Usługa serwisowa', 'Książka', 'Szkolenie', 'art. 43 ust. 1 pkt 29 ustawy o VAT']) {
			expect(content).toContain(text);
		}
		// 23 %: 200.00 + 46.00; 5 %: 99.99 + 5.00; zw: 10.00 → 360.99.
		expect(content).toContain('Kwota należności ogółem: 360,99 PLN');
		const link = `https://qr-test.ksef.mf.gov.pl/invoice/9999999999/31-03-2026/${createHash('sha256').update(xml).digest('base64url')}`;
		expect(decodeQr(rasterisePage(rendered.pdf, 1), { x: 440, y: 30, width: 125, height: 125 })).toBe(link);
	});
});
