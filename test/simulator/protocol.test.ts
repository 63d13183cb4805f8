/** The simulator driven over HTTP by an independent raw client: the protocol, the codes, and the spec. */
import { readdirSync } from 'node:fs';
import { start, type RunningSimulator } from './index';
import { defaultOptions } from './options';
import { aes, FA3, RawKsef, sendInvoiceBody, sha256b64, zipOf } from './support/rawKsef';
import { INVOICE_FIXTURES, makeInvoice, sampleInvoice, uniqueInvoiceNumber } from '../support/invoices';

const withNumber = (xml: Buffer, number: string) => Buffer.from(xml.toString('utf8').replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${number}</P_2>`));

describe('KSeF simulator protocol, driven by a raw client', () => {
	let sim: RunningSimulator;
	let ksef: RawKsef;
	beforeAll(async () => {
		// The protocol in bursts, not the rate limits (lifecycle and testdata tests cover those).
		sim = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false } });
		ksef = new RawKsef(sim.baseUrl);
		expect(await ksef.authenticate(sim.token, sim.nip)).toBe(200);
	});
	afterAll(async () => {
		expect(sim.simulator.responseViolations).toEqual([]);
		await sim.stop();
	});

	async function openOnline(iv?: Buffer) {
		const { key, iv: usedIv, encryption } = await ksef.sessionKey(iv);
		const opened = await ksef.call<{ referenceNumber: string }>('POST', '/sessions/online', { formCode: FA3, encryption });
		expect(opened.status).toBe(201);
		return { ref: opened.body.referenceNumber, key, iv: usedIv };
	}

	it('every official sample the XSD accepts gets a KSeF number (online; attachments through batch)', async () => {
		const permitted = defaultOptions().subjects[1];
		const samples = readdirSync(INVOICE_FIXTURES).filter((name) => name.endsWith('.xml') && !name.includes('zalacznik'));
		const session = await openOnline();
		const mine = samples.filter((name) => name !== 'cirfmf-pdf-generator-invoice.xml');
		for (const name of mine) {
			const xml = withNumber(sampleInvoice(name), uniqueInvoiceNumber('S'));
			const sent = await ksef.call<{ referenceNumber: string }>('POST', `/sessions/online/${session.ref}/invoices`, sendInvoiceBody(xml, session.key, session.iv));
			expect(sent.status).toBe(202);
			const result = await ksef.waitForInvoice(session.ref, sent.body.referenceNumber);
			expect([name, result.status.code]).toEqual([name, 200]);
			expect(result.ksefNumber).toMatch(/^9999999999-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
		}
		// The remaining samples belong to a NIP that may send attachments: a batch with all three.
		const other = new RawKsef(sim.baseUrl);
		expect(await other.authenticate(permitted.token, permitted.nip)).toBe(200);
		const files = ['cirfmf-pdf-generator-invoice.xml', 'FA_3_Przyklad_24_zalacznik.xml', 'FA_3_Przyklad_25_zalacznik.xml'].map((name) => ({
			name,
			data: withNumber(Buffer.from(sampleInvoice(name).toString('utf8').replace(/(<Podmiot1>[\s\S]*?<NIP>)[^<]*(<\/NIP>)/, `$1${permitted.nip}$2`)), uniqueInvoiceNumber('A')),
		}));
		const results = await sendBatch(other, files, 1);
		expect(results.map((r) => r.status.code)).toEqual([200, 200, 200]);
	});

	it('rejects what the guide says it rejects, with its codes', async () => {
		const session = await openOnline();
		const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('R') });
		const body = sendInvoiceBody(xml, session.key, session.iv);
		const post = (payload: unknown) => ksef.call<{ exception: { exceptionDetailList: Array<{ exceptionCode: number }> } }>('POST', `/sessions/online/${session.ref}/invoices`, payload);
		const code = (r: { body: { exception: { exceptionDetailList: Array<{ exceptionCode: number }> } } }) => r.body.exception.exceptionDetailList[0].exceptionCode;

		const tamperedHash = await post({ ...body, invoiceHash: sha256b64(Buffer.from('other')) });
		expect([tamperedHash.status, code(tamperedHash)]).toEqual([400, 21403]);
		const wrongSize = await post({ ...body, encryptedInvoiceSize: body.encryptedInvoiceSize + 16 });
		expect([wrongSize.status, code(wrongSize)]).toEqual([400, 21402]);
		const badKey = await post(sendInvoiceBody(xml, Buffer.alloc(32, 7), session.iv));
		expect(badKey.status).toBe(400);

		const outcome = async (invoice: Buffer) => {
			const sent = await ksef.call<{ referenceNumber: string }>('POST', `/sessions/online/${session.ref}/invoices`, sendInvoiceBody(invoice, session.key, session.iv));
			expect(sent.status).toBe(202);
			return ksef.waitForInvoice(session.ref, sent.body.referenceNumber);
		};
		const invalid = await outcome(Buffer.from(xml.toString().replace(/<P_1>[^<]*<\/P_1>/, '<P_1>soon</P_1>')));
		expect(invalid.status.code).toBe(450);
		const foreign = await outcome(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('F'), sellerNip: '5265877635' }));
		expect(foreign.status.code).toBe(410);
		const first = await outcome(xml);
		const duplicate = await outcome(xml);
		expect(duplicate.status.code).toBe(440);
		expect(duplicate.status.extensions?.originalKsefNumber).toBe(first.ksefNumber);
		const attachment = await outcome(withNumber(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml'), uniqueInvoiceNumber('Z')));
		expect(attachment.status.code).toBe(415);
		expect(attachment.status.details?.join(' ')).toContain('Wysylanie faktury z zalacznikiem w trybie interaktywnym nie jest dozwolone');
	});

	it('a session opened with a 12-byte IV is accepted, and its invoices stay at 150 (the known trap)', async () => {
		const session = await openOnline(Buffer.alloc(12, 1));
		const sent = await ksef.call<{ referenceNumber: string }>('POST', `/sessions/online/${session.ref}/invoices`, {
			...sendInvoiceBody(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('IV') }), session.key, Buffer.alloc(16, 1)),
		});
		expect(sent.status).toBe(202);
		await new Promise((resolve) => setTimeout(resolve, 800));
		const { body } = await ksef.call<{ status: { code: number } }>('GET', `/sessions/${session.ref}/invoices/${sent.body.referenceNumber}`);
		expect(body.status.code).toBe(150);
	});

	it('a 3-part batch with one bad invoice gives the others KSeF numbers; uploads refuse a bearer token', async () => {
		const files = [1, 2, 3, 4].map((i) => ({ name: `inv-${i}.xml`, data: makeInvoice({ invoiceNumber: uniqueInvoiceNumber(`B${i}`) }) }));
		files[2].data = Buffer.from(files[2].data.toString().replace('<P_2>', '<P_2_broken>').replace('</P_2>', '</P_2_broken>'));
		const results = await sendBatch(ksef, files, 3, true);
		const byName = Object.fromEntries(results.map((r) => [r.invoiceFileName, r.status.code]));
		expect(byName).toEqual({ 'inv-1.xml': 200, 'inv-2.xml': 200, 'inv-3.xml': 450, 'inv-4.xml': 200 });
	});

	async function sendBatch(client: RawKsef, files: Array<{ name: string; data: Buffer }>, parts: number, tryBearer = false) {
		const zip = await zipOf(files);
		const { key, iv, encryption } = await client.sessionKey();
		const cut = Math.ceil(zip.length / parts);
		const plainParts = Array.from({ length: parts }, (_, i) => zip.subarray(i * cut, (i + 1) * cut));
		const encryptedParts = plainParts.map((part) => aes(part, key, iv));
		const opened = await client.call<{ referenceNumber: string; partUploadRequests: Array<{ ordinalNumber: number; url: string; method: string; headers: Record<string, string> }> }>(
			'POST',
			'/sessions/batch',
			{
				formCode: FA3,
				batchFile: { fileSize: zip.length, fileHash: sha256b64(zip), fileParts: encryptedParts.map((p, i) => ({ ordinalNumber: i + 1, fileSize: p.length, fileHash: sha256b64(p) })) },
				encryption,
				offlineMode: false,
			},
		);
		expect(opened.status).toBe(201);
		for (const request of opened.body.partUploadRequests) {
			const data = encryptedParts[request.ordinalNumber - 1];
			if (tryBearer) {
				const refused = await fetch(request.url, { method: request.method, headers: { ...request.headers, authorization: `Bearer ${client.accessToken}` }, body: new Uint8Array(data) });
				expect(refused.status).toBeGreaterThanOrEqual(400);
			}
			const uploaded = await fetch(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(data) });
			expect(uploaded.status).toBe(201);
		}
		expect((await client.call('POST', `/sessions/batch/${opened.body.referenceNumber}/close`)).status).toBe(204);
		for (let i = 0; i < 200; i++) {
			const { body } = await client.call<{ status: { code: number } }>('GET', `/sessions/${opened.body.referenceNumber}`);
			if (body.status.code >= 200) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const list = await client.call<{ invoices: Array<{ invoiceFileName: string; status: { code: number } }> }>('GET', `/sessions/${opened.body.referenceNumber}/invoices?pageSize=100`);
		return list.body.invoices;
	}
});
