/** Online (interactive) sessions against the simulator over real HTTP: sending, verification codes, KSeF numbers, close and UPO. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, type RunningSimulator } from './index';
import { authenticate, call, exceptionCode } from './support/rawAuth';
import { makeSessionKey, sendInvoiceBody, sha256Base64, type SessionKey } from './support/encryption';

const FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const SEND = '/sessions/online/{referenceNumber}/invoices';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface InvoiceStatus {
	status: { code: number; description: string; details?: string[]; extensions?: Record<string, string | null> };
	ksefNumber?: string;
	invoiceNumber?: string;
}

function fixture(name: string): string {
	return readFileSync(join(__dirname, '..', 'fixtures', 'invoices', name), 'utf8');
}

let counter = 0;
/** The sample with a P_2 no other test uses, so duplicates only happen on purpose. */
function invoice(name = 'FA_3_Przyklad_1.xml', edit: (xml: string) => string = (xml) => xml): Buffer {
	counter += 1;
	const number = `ONLINE/${process.pid}/${Date.now()}/${counter}`;
	return Buffer.from(edit(fixture(name).replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${number}</P_2>`)), 'utf8');
}

/** Same CRC-8 (poly 0x07, init 0) as faktury/numer-ksef.md, written here so the test does not trust src/. */
function crc8Hex(text: string): string {
	let crc = 0;
	for (const byte of Buffer.from(text)) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
	}
	return crc.toString(16).toUpperCase().padStart(2, '0');
}

describe('simulator: online sessions', () => {
	let sim: RunningSimulator;
	let url: string;
	let bearer: string;

	beforeAll(async () => {
		sim = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false } });
		url = sim.baseUrl;
		bearer = (await authenticate(url, sim.token, sim.nip)).accessToken;
	});
	afterAll(async () => {
		expect(sim.simulator.responseViolations).toEqual([]);
		await sim.stop();
	});

	async function openSession(iv?: Buffer): Promise<{ referenceNumber: string; key: SessionKey }> {
		const key = await makeSessionKey(url, iv);
		const opened = await call<{ referenceNumber: string; validUntil: string }>(url, 'POST', '/sessions/online', {
			bearer,
			json: { formCode: FA3, encryption: key.encryption },
		});
		expect(opened.status).toBe(201);
		expect(opened.body.referenceNumber).toMatch(/^\d{8}-SO-/);
		return { referenceNumber: opened.body.referenceNumber, key };
	}

	async function send(session: { referenceNumber: string; key: SessionKey }, xml: Buffer, tamper: (body: ReturnType<typeof sendInvoiceBody>) => object = (b) => b) {
		return call<{ referenceNumber: string }>(url, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
			bearer,
			template: SEND,
			json: tamper(sendInvoiceBody(xml, session.key)),
		});
	}

	async function invoiceStatus(sessionRef: string, invoiceRef: string): Promise<InvoiceStatus> {
		const response = await call<InvoiceStatus>(url, 'GET', `/sessions/${sessionRef}/invoices/${invoiceRef}`, { bearer });
		expect(response.status).toBe(200);
		return response.body;
	}

	async function finalStatus(sessionRef: string, invoiceRef: string): Promise<InvoiceStatus> {
		for (let i = 0; i < 200; i++) {
			const body = await invoiceStatus(sessionRef, invoiceRef);
			if (body.status.code >= 200) return body;
			await sleep(25);
		}
		throw new Error(`invoice ${invoiceRef} never finished`);
	}

	async function sendAndWait(session: { referenceNumber: string; key: SessionKey }, xml: Buffer): Promise<InvoiceStatus> {
		const sent = await send(session, xml);
		expect(sent.status).toBe(202);
		return finalStatus(session.referenceNumber, sent.body.referenceNumber);
	}

	it('accepts a valid invoice: 100/150 then 200 with a checksum-valid KSeF number, and the download is byte-identical', async () => {
		const session = await openSession();
		const xml = invoice();
		const sent = await send(session, xml);
		expect(sent.status).toBe(202);
		expect((await invoiceStatus(session.referenceNumber, sent.body.referenceNumber)).status.code).toBeLessThan(200);
		const done = await finalStatus(session.referenceNumber, sent.body.referenceNumber);
		expect(done.status).toEqual({ code: 200, description: 'Sukces' });
		const ksefNumber = String(done.ksefNumber);
		expect(ksefNumber).toMatch(/^9999999999-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
		expect(ksefNumber.slice(33)).toBe(crc8Hex(ksefNumber.slice(0, 32)));

		const download = await fetch(`${url}/invoices/ksef/${ksefNumber}`, { headers: { authorization: `Bearer ${bearer}` } });
		expect(download.status).toBe(200);
		const bytes = Buffer.from(await download.arrayBuffer());
		expect(bytes.equals(xml)).toBe(true);
		expect(sha256Base64(bytes)).toBe(sha256Base64(xml));

		type Page = { invoices: Array<Record<string, unknown>> };
		const query = await call<Page>(url, 'POST', '/invoices/query/metadata?pageSize=10', {
			bearer,
			template: '/invoices/query/metadata',
			json: { subjectType: 'Subject1', dateRange: { dateType: 'Invoicing', from: new Date(Date.now() - 3_600_000).toISOString() }, ksefNumber },
		});
		expect(query.status).toBe(200);
		expect(query.body.invoices[0]).toMatchObject({
			ksefNumber,
			invoiceNumber: done.invoiceNumber,
			seller: { nip: '9999999999' },
			invoicingMode: 'Online',
			invoiceType: 'Vat',
			formCode: FA3,
			hasAttachment: false,
			invoiceHash: sha256Base64(xml),
		});
	});

	it('reports a duplicate (seller NIP + RodzajFaktury + P_2) with 440 and the original in extensions', async () => {
		const xml = invoice();
		const first = await openSession();
		const original = await sendAndWait(first, xml);
		expect(original.status.code).toBe(200);
		const second = await openSession();
		const duplicate = await sendAndWait(second, xml);
		expect(duplicate.status.code).toBe(440);
		expect(duplicate.ksefNumber).toBeUndefined();
		expect(duplicate.status.extensions).toEqual({ originalKsefNumber: original.ksefNumber, originalSessionReferenceNumber: first.referenceNumber });
	});

	it('refuses an invoice with an attachment in an online session (415)', async () => {
		const session = await openSession();
		const done = await sendAndWait(session, invoice('FA_3_Przyklad_24_zalacznik.xml'));
		expect(done.status.code).toBe(415);
		expect(done.status.details).toContain('Wysylanie faktury z zalacznikiem w trybie interaktywnym nie jest dozwolone');
	});

	it('rejects an invoice breaking the FA(3) XSD with 450, naming the element', async () => {
		const session = await openSession();
		const done = await sendAndWait(session, invoice(undefined, (xml) => xml.replace(/<P_1>[^<]*<\/P_1>/, '<P_1>15.02.2026</P_1>')));
		expect(done.status.code).toBe(450);
		expect(done.status.details?.join(' ')).toContain('P_1');
	});

	it('rejects an issue date (P_1) after the acceptance date with 450', async () => {
		const session = await openSession();
		const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
		const done = await sendAndWait(session, invoice(undefined, (xml) => xml.replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${tomorrow}</P_1>`)));
		expect(done.status.code).toBe(450);
	});

	it("rejects an invoice whose seller is not the session's context (410)", async () => {
		const session = await openSession();
		const done = await sendAndWait(session, invoice('cirfmf-pdf-generator-invoice.xml'));
		expect(done.status.code).toBe(410);
	});

	it('takes invoices into a session opened with a wrong IV length and leaves them at 150 (the known trap)', async () => {
		const session = await openSession(Buffer.alloc(12, 7));
		const sent = await send(session, invoice());
		expect(sent.status).toBe(202);
		await sleep(600);
		expect((await invoiceStatus(session.referenceNumber, sent.body.referenceNumber)).status.code).toBe(150);
	});

	it('answers 400 synchronously for wrong hashes, sizes and undecryptable content', async () => {
		const session = await openSession();
		const xml = invoice();
		const badHash = await send(session, xml, (body) => ({ ...body, invoiceHash: sha256Base64(Buffer.from('something else')) }));
		expect(badHash.status).toBe(400);
		expect(exceptionCode(badHash.body)).toBe(21403);
		const badEncryptedHash = await send(session, xml, (body) => ({ ...body, encryptedInvoiceHash: sha256Base64(Buffer.from('x')) }));
		expect(exceptionCode(badEncryptedHash.body)).toBe(21403);
		const badSize = await send(session, xml, (body) => ({ ...body, invoiceSize: body.invoiceSize + 1 }));
		expect(exceptionCode(badSize.body)).toBe(21402);
		const garbage = Buffer.alloc(64, 1);
		const undecryptable = await send(session, xml, (body) => ({
			...body,
			encryptedInvoiceContent: garbage.toString('base64'),
			encryptedInvoiceSize: garbage.length,
			encryptedInvoiceHash: sha256Base64(garbage),
		}));
		expect(undecryptable.status).toBe(400);
		const unknownSession = await call(url, 'POST', `/sessions/online/20260101-SO-0000000000-0000000000-00/invoices`, {
			bearer,
			template: SEND,
			json: sendInvoiceBody(xml, session.key),
		});
		expect(exceptionCode(unknownSession.body)).toBe(21173);
	});

	it('closes: 204, then 170 and finally 200 with counters and a UPO listing the accepted invoice', async () => {
		const session = await openSession();
		const accepted = await sendAndWait(session, invoice());
		const refused = await sendAndWait(session, invoice('cirfmf-pdf-generator-invoice.xml'));
		expect([accepted.status.code, refused.status.code]).toEqual([200, 410]);
		const closed = await call(url, 'POST', `/sessions/online/${session.referenceNumber}/close`, { bearer });
		expect(closed.status).toBe(204);
		expect((await send(session, invoice())).status).toBe(400);

		type SessionStatus = { status: { code: number }; invoiceCount: number; successfulInvoiceCount: number; failedInvoiceCount: number; upo?: { pages: Array<{ referenceNumber: string }> } };
		const seen: number[] = [];
		let body: SessionStatus | undefined;
		for (let i = 0; i < 100; i++) {
			body = (await call<SessionStatus>(url, 'GET', `/sessions/${session.referenceNumber}`, { bearer })).body;
			seen.push(body.status.code);
			if (body.status.code === 200) break;
			await sleep(25);
		}
		expect(seen[0]).toBe(170);
		expect(body).toMatchObject({ status: { code: 200 }, invoiceCount: 2, successfulInvoiceCount: 1, failedInvoiceCount: 1 });
		const upoRef = String(body?.upo?.pages[0]?.referenceNumber);
		const upo = await fetch(`${url}/sessions/${session.referenceNumber}/upo/${upoRef}`, { headers: { authorization: `Bearer ${bearer}` } });
		expect(upo.status).toBe(200);
		expect(await upo.text()).toContain(String(accepted.ksefNumber));
	});

	it('cancels an online session closed without invoices (440)', async () => {
		const session = await openSession();
		expect((await call(url, 'POST', `/sessions/online/${session.referenceNumber}/close`, { bearer })).status).toBe(204);
		await sleep(400);
		const body = (await call<{ status: { code: number; details?: string[] } }>(url, 'GET', `/sessions/${session.referenceNumber}`, { bearer })).body;
		expect(body.status.code).toBe(440);
	});

	it('refuses an undecryptable session key and a form code other than FA (3) when opening', async () => {
		const key = await makeSessionKey(url);
		const badKey = await call(url, 'POST', '/sessions/online', {
			bearer,
			json: { formCode: FA3, encryption: { ...key.encryption, encryptedSymmetricKey: Buffer.alloc(256, 3).toString('base64') } },
		});
		expect(badKey.status).toBe(400);
		const fa2 = await call(url, 'POST', '/sessions/online', { bearer, json: { formCode: { ...FA3, systemCode: 'FA (2)', schemaVersion: '1-0E' }, encryption: key.encryption } });
		expect(fa2.status).toBe(400);
		expect(exceptionCode(fa2.body)).toBe(21405);
	});
});
