import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefInvoicePdf } from '../../nodes/KsefInvoicePdf/KsefInvoicePdf.node';
import type { InvoiceOutcome } from '../../src';
import { ksefNumberChecksum } from '../../src/domain/ksefNumber';
import { pdfText } from '../pdf/support/pdfTools';
import type { RunningSimulator } from '../simulator';
import { createCertificateAuthority } from '../simulator/x509/issueCertificate';
import { makeInvoice, sampleInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from './support/executeContext';

const pdfOf = (item: INodeExecutionData, property = 'pdf') => Buffer.from(item.binary?.[property]?.data ?? '', 'base64');

describe('KSeF Invoice PDF node', () => {
	const run = async (setup: Parameters<typeof executeContext>[0]) => (await new KsefInvoicePdf().execute.call(executeContext(setup)))[0];
	const invoice = sampleInvoice('FA_3_Przyklad_1.xml');
	const ksefNumber = `9999999999-20260216-0100001AF629-${ksefNumberChecksum('9999999999-20260216-0100001AF629')}`;

	it('renders each invoice item to a PDF next to its XML, with the KOD I link and the KSeF number', async () => {
		const other = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NODEPDF') });
		const out = await run({
			...xmlItems([invoice, other]),
			parameters: { operation: 'invoice', invoiceSource: 'binary', binaryPropertyName: 'data', ksefNumber: (i: number) => (i === 0 ? ksefNumber : ''), environment: 'test', language: 'pl', outputBinaryPropertyName: 'pdf' },
			credentials: {},
		});
		expect(out).toHaveLength(2);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].binary?.pdf).toMatchObject({ fileName: `${ksefNumber}.pdf`, mimeType: 'application/pdf' });
		expect(out[0].binary?.data).toBeDefined();
		expect(out[0].json).toMatchObject({
			index: 0,
			ksefNumber,
			invoiceNumber: 'FV2026/02/150',
			pdfFileName: `${ksefNumber}.pdf`,
			verificationLink: `https://qr-test.ksef.mf.gov.pl/invoice/9999999999/15-02-2026/${createHash('sha256').update(invoice).digest('base64url')}`,
		});
		expect(out[0].json.certificateLink).toBeUndefined();
		expect(pdfText(pdfOf(out[0]))).toContain(ksefNumber);
		expect(out[1].json.ksefNumber).toBeNull();
		expect(pdfText(pdfOf(out[1]))).toContain('OFFLINE');
	});

	it('an item Send Invoice reported as duplicate or pending gets an OFFLINE PDF and a hint saying where the stored invoice’s PDF comes from', async () => {
		const setup = {
			items: [{ json: { outcome: 'duplicate', ksefNumber: null, originalKsefNumber: ksefNumber, xml: invoice.toString('utf8') } }],
			parameters: { operation: 'invoice', invoiceSource: 'text', invoiceXml: invoice.toString('utf8'), ksefNumber: '', environment: 'test', language: 'pl', outputBinaryPropertyName: 'pdf' },
			credentials: {},
		};
		const ctx = executeContext(setup);
		const [out] = await new KsefInvoicePdf().execute.call(ctx);
		expect(pdfText(pdfOf(out[0]))).toContain('OFFLINE');
		expect(ctx.addExecutionHints).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/^1 invoice\(s\) had no KSeF number yet .*originalKsefNumber/) }));
	});

	it('takes XML text; a bad KSeF number or a non-invoice fails only its own item, naming the field', async () => {
		const out = await run({
			items: [{ json: {} }, { json: {} }, { json: {} }],
			parameters: {
				operation: 'invoice',
				invoiceSource: 'text',
				invoiceXml: (i: number) => (i === 2 ? '<Potwierdzenie/>' : invoice.toString('utf8')),
				ksefNumber: (i: number) => (i === 1 ? '9999999999-20260216-0100001AF629-00' : ''),
				environment: 'prod',
				language: 'en',
				outputBinaryPropertyName: 'pdf',
			},
			credentials: {},
			continueOnFail: true,
		});
		expect(out.map((item) => Boolean(item.json.error))).toEqual([false, true, true]);
		expect(out[0].json.verificationLink).toMatch(/^https:\/\/qr\.ksef\.mf\.gov\.pl\//);
		expect(pdfText(pdfOf(out[0]))).toContain('Seller');
		expect(out[1].json.error).toMatch(/^KSeF Number .*checksum/i);
		expect(out[2].json.error).toMatch(/^Invoice XML has no Faktura root element/);
	});

	describe('KOD II with a KSeF Offline Certificate credential', () => {
		const ca = createCertificateAuthority();
		const subject = { person: { givenName: 'Anna', surname: 'Offline', nip: '9999999999' } };
		const password = 'offline-key-password';
		const encrypted = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString();

		it('adds KOD II and outputs its link; neither the key nor its password appears in the output', async () => {
			const issued = ca.issue({ subject, kind: 'Offline', keyType: 'ec' });
			const privateKey = encrypted(issued.privateKeyPem);
			const out = await run({
				...xmlItems([invoice]),
				parameters: { operation: 'invoice', invoiceSource: 'binary', binaryPropertyName: 'data', ksefNumber: '', environment: 'test', signOffline: true, outputBinaryPropertyName: 'pdf' },
				credentials: { materialFormat: 'pem', crtPem: issued.certificatePem, privateKey, privateKeyPassword: password },
			});
			expect(out[0].json.certificateLink).toMatch(new RegExp(`^https://qr-test\\.ksef\\.mf\\.gov\\.pl/certificate/Nip/9999999999/9999999999/${issued.serialNumber}/[\\w-]{43}/[\\w-]{86}$`));
			const everything = JSON.stringify(out) + pdfText(pdfOf(out[0]));
			expect(everything).not.toContain(password);
			for (const line of privateKey.split('\n').filter((row) => row.length > 20)) expect(everything).not.toContain(line);
		});

		it('an Authentication certificate in the credential stops the node before rendering, naming the credential', async () => {
			const issued = ca.issue({ subject, kind: 'Authentication' });
			await expect(
				run({
					...xmlItems([invoice]),
					parameters: { operation: 'invoice', invoiceSource: 'binary', binaryPropertyName: 'data', environment: 'test', signOffline: true, outputBinaryPropertyName: 'pdf' },
					credentials: { materialFormat: 'pem', crtPem: issued.certificatePem, privateKey: encrypted(issued.privateKeyPem), privateKeyPassword: 'wrong' },
				}),
			).rejects.toThrow('KSeF Offline Certificate credential: Private Key Password does not open the private key');
			await expect(
				run({
					...xmlItems([invoice]),
					parameters: { operation: 'invoice', invoiceSource: 'binary', binaryPropertyName: 'data', environment: 'test', signOffline: true, outputBinaryPropertyName: 'pdf' },
					credentials: { materialFormat: 'pem', crtPem: issued.certificatePem, privateKey: issued.privateKeyPem },
				}),
			).rejects.toThrow('KSeF Offline Certificate credential: Offline Certificate is a KSeF Authentication certificate, which cannot sign KOD II');
		});
	});

	it('renders a UPO from its binary field', async () => {
		const upo = readFileSync(join(__dirname, '..', 'fixtures', 'upo', 'upo-sesja-kontekst-id-nip.xml'));
		const out = await run({
			...xmlItems([upo], 'upo'),
			parameters: { operation: 'upo', upoSource: 'binary', upoBinaryPropertyName: 'upo', language: 'pl', outputBinaryPropertyName: 'pdf' },
			credentials: {},
		});
		expect(out[0].json).toMatchObject({ sessionReferenceNumber: '36950822-93-9D5A28BFDA-47C899773E-5C', documentCount: 2, pdfFileName: 'UPO_36950822-93-9D5A28BFDA-47C899773E-5C.pdf' });
		expect(pdfText(pdfOf(out[0]))).toContain('5265877635-20250916-0200A0D6723E-C2');
	});

	it('a UPO given as an object by an expression, or a missing binary field, fails its own item naming the field and the fix', async () => {
		const out = await run({
			items: [{ json: {} }, { json: {} }],
			parameters: { operation: 'upo', upoSource: (i: number) => (i === 0 ? 'text' : 'binary'), upoXml: { Potwierdzenie: {} }, upoBinaryPropertyName: 'upo', language: 'pl', outputBinaryPropertyName: 'pdf' },
			credentials: {},
			continueOnFail: true,
		});
		expect(out[0].json.error).toMatch(/^UPO XML is an object with keys Potwierdzenie, not text \[item 0\]/);
		expect(out[1].json.error).toMatch(/^Input Binary Field "upo" does not exist on this item \[item 1\]/);
		expect((out[1].json.details as { description: string }).description).toMatch(/download the UPO first/);
	});
});

describe('KSeF Download node: Render PDF', () => {
	let sim: RunningSimulator;
	let sent: InvoiceOutcome[];
	beforeAll(async () => {
		sim = await startSimulator();
		sent = await clientFor(sim).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('DLPDF') }) }], { waitForProcessing: true });
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('adds the PDF (binary "pdf") with the KSeF number KSeF gave and the same KOD I link as the JSON', async () => {
		const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		const out = (
			await new KsefDownload().execute.call(
				executeContext({
					items: [{ json: {} }],
					parameters: { operation: 'downloadInvoice', ksefNumber: sent[0].ksefNumber, binaryPropertyName: 'data', options: { renderPdf: true } },
					credentials,
				}),
			)
		)[0];
		expect(out[0].binary?.data.fileName).toBe(`${sent[0].ksefNumber}.xml`);
		expect(out[0].binary?.pdf).toMatchObject({ fileName: `${sent[0].ksefNumber}.pdf`, mimeType: 'application/pdf' });
		const content = pdfText(pdfOf(out[0]));
		expect(content).toContain(sent[0].ksefNumber as string);
		expect(content).toContain(out[0].json.verificationLink as string);
	});
});
