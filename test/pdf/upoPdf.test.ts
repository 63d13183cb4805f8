import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderUpoPdf } from '../../src/pdf';
import { pdfPageCount, pdfText } from './support/pdfTools';

const UPO_FIXTURES = join(__dirname, '..', 'fixtures', 'upo');
const SAMPLES = readdirSync(UPO_FIXTURES).filter((name) => name.endsWith('.xml'));

const all = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((match) => match[1].trim());

describe('UPO PDF', () => {
	it.each(SAMPLES)('%s: one page with the session, the context and every document with its KSeF number and digest', async (sample) => {
		const xml = readFileSync(join(UPO_FIXTURES, sample));
		const rendered = await renderUpoPdf(xml);
		const text = xml.toString('utf8');
		expect(pdfPageCount(rendered.pdf)).toBe(1);
		const content = pdfText(rendered.pdf);
		expect(content).toContain('Urzędowe Poświadczenie Odbioru (UPO)');
		expect(content).toContain(all(text, 'NumerReferencyjnySesji')[0]);
		expect(content).toContain(all(text, 'NazwaPodmiotuPrzyjmujacego')[0]);
		const documents = all(text, 'NumerKSeFDokumentu');
		expect(rendered.documentCount).toBe(documents.length);
		for (const ksefNumber of documents) expect(content).toContain(ksefNumber);
		for (const invoiceNumber of all(text, 'NumerFaktury')) expect(content.replace(/ /g, '')).toContain(invoiceNumber);
		for (const digest of all(text, 'SkrotDokumentu')) expect(content.replace(/ /g, '')).toContain(digest);
		expect(rendered.fileName).toBe(documents.length === 1 ? `UPO_${documents[0]}.pdf` : `UPO_${all(text, 'NumerReferencyjnySesji')[0]}.pdf`);
	});

	it('English on request; a document that is not a UPO is refused by name', async () => {
		const xml = readFileSync(join(UPO_FIXTURES, 'upo-sesja-kontekst-id-nip.xml'));
		expect(pdfText((await renderUpoPdf(xml, { language: 'en' })).pdf)).toContain('Official Acknowledgement of Receipt (UPO)');
		await expect(renderUpoPdf('<Faktura/>')).rejects.toThrow('UPO XML has no Potwierdzenie root element');
	});

	it('reads a UPO as the package reads every XML: entities decoded in what is shown, declarations and cut-off documents refused', async () => {
		const xml = readFileSync(join(UPO_FIXTURES, 'upo-sesja-kontekst-id-nip.xml'), 'utf8');
		const receiver = all(xml, 'NazwaPodmiotuPrzyjmujacego')[0];
		const withEntity = xml.replace(`<NazwaPodmiotuPrzyjmujacego>${receiver}`, `<NazwaPodmiotuPrzyjmujacego>Kowalski &amp; Syn`);
		expect(pdfText((await renderUpoPdf(withEntity)).pdf)).toContain('Kowalski & Syn');
		const declaration = xml.replace(/<Potwierdzenie/, '<!DOCTYPE Potwierdzenie [<!ENTITY x "y">]><Potwierdzenie');
		await expect(renderUpoPdf(declaration)).rejects.toThrow(/^UPO XML .*(DOCTYPE|declaration)/);
		await expect(renderUpoPdf(xml.slice(0, Math.floor(xml.length / 2)))).rejects.toThrow(/^UPO XML .*cut off/);
	});
});
