/**
 * Batch sessions against the simulator over real HTTP: open with the package's description, upload the encrypted
 * parts to their pre-signed URLs (no bearer token), close, then read each invoice's result. Not atomic: valid
 * invoices get KSeF numbers even when others in the same package fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, type RunningSimulator } from './index';
import { defaultOptions } from './options';
import { authenticate, call, exceptionCode, type StatusInfo } from './support/rawAuth';
import { makeSessionKey, type SessionKey } from './support/encryption';
import { buildPackage, packageFromZip, tarGzFiles, zipFiles, type BuiltPackage, type PackageFile } from './support/batchBuilder';

const FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const OTHER_SUBJECT = defaultOptions().subjects[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PartUploadRequest {
	ordinalNumber: number;
	method: string;
	url: string;
	headers: Record<string, string>;
}

interface OpenedBatch {
	referenceNumber: string;
	partUploadRequests: PartUploadRequest[];
	key: SessionKey;
}

interface InvoiceStatus {
	ordinalNumber: number;
	referenceNumber: string;
	invoiceHash: string;
	invoiceFileName?: string;
	invoiceNumber?: string;
	ksefNumber?: string;
	invoicingMode?: string;
	status: StatusInfo & { extensions?: Record<string, string | null> };
}

interface SessionStatus {
	status: StatusInfo;
	invoiceCount?: number;
	successfulInvoiceCount?: number;
	failedInvoiceCount?: number;
	upo?: { pages: Array<{ referenceNumber: string }> };
}

function fixture(name: string): string {
	return readFileSync(join(__dirname, '..', 'fixtures', 'invoices', name), 'utf8');
}

let counter = 0;
/** A sample with a P_2 no other test uses (so duplicates only happen on purpose), optionally another seller. */
function invoice(name = 'FA_3_Przyklad_1.xml', sellerNip?: string): { number: string; xml: Buffer } {
	counter += 1;
	const number = `BATCH/${process.pid}/${Date.now()}/${counter}`;
	let xml = fixture(name).replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${number}</P_2>`);
	if (sellerNip) xml = xml.replace(/(<Podmiot1>[\s\S]*?<NIP>)\d{10}(<\/NIP>)/, `$1${sellerNip}$2`);
	return { number, xml: Buffer.from(xml, 'utf8') };
}

describe('simulator: batch sessions', () => {
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
		expect(sim.simulator.requestViolations).toEqual([]);
		await sim.stop();
	});

	async function open(pkg: (key: SessionKey) => Promise<BuiltPackage> | BuiltPackage, as = bearer, baseUrl = url) {
		const key = await makeSessionKey(baseUrl);
		const built = await pkg(key);
		const opened = await call<{ referenceNumber: string; partUploadRequests: PartUploadRequest[] }>(baseUrl, 'POST', '/sessions/batch', {
			bearer: as,
			json: { formCode: FA3, batchFile: built.batchFile, encryption: key.encryption, offlineMode: false },
		});
		expect(opened.status).toBe(201);
		expect(opened.body.referenceNumber).toMatch(/^\d{8}-SB-/);
		return { session: { ...opened.body, key } as OpenedBatch, built };
	}

	function upload(request: PartUploadRequest, body: Buffer, extraHeaders: Record<string, string> = {}) {
		return fetch(request.url, { method: request.method, headers: { ...request.headers, ...extraHeaders }, body: new Uint8Array(body) });
	}

	async function uploadAll(session: OpenedBatch, built: BuiltPackage): Promise<void> {
		const answers = await Promise.all(session.partUploadRequests.map((request) => upload(request, built.parts[request.ordinalNumber - 1])));
		expect(answers.map((answer) => answer.status)).toEqual(session.partUploadRequests.map(() => 201));
	}

	async function close(referenceNumber: string, as = bearer, baseUrl = url) {
		return call(baseUrl, 'POST', `/sessions/batch/${referenceNumber}/close`, { bearer: as, template: '/sessions/batch/{referenceNumber}/close' });
	}

	async function finished(referenceNumber: string, as = bearer, baseUrl = url): Promise<SessionStatus> {
		for (let i = 0; i < 300; i++) {
			const { body } = await call<SessionStatus>(baseUrl, 'GET', `/sessions/${referenceNumber}`, { bearer: as });
			if (body.status.code >= 200) return body;
			await sleep(25);
		}
		throw new Error(`session ${referenceNumber} never finished`);
	}

	async function invoices(referenceNumber: string, failedOnly = false, as = bearer): Promise<InvoiceStatus[]> {
		const path = `/sessions/${referenceNumber}/invoices${failedOnly ? '/failed' : ''}?pageSize=100`;
		const { status, body } = await call<{ invoices: InvoiceStatus[] }>(url, 'GET', path, { bearer: as });
		expect(status).toBe(200);
		return body.invoices;
	}

	async function sendPackage(files: PackageFile[], partCount = 1, as = bearer) {
		const { session, built } = await open((key) => buildPackage(files, key.key, key.iv, partCount), as);
		await uploadAll(session, built);
		expect((await close(session.referenceNumber, as)).status).toBe(204);
		return { referenceNumber: session.referenceNumber, status: await finished(session.referenceNumber, as) };
	}

	it('takes one invoice: upload without a bearer token, close, KSeF number and session UPO', async () => {
		const one = invoice();
		const { session, built } = await open((key) => buildPackage([{ name: 'faktura_1.xml', data: one.xml }], key.key, key.iv));
		expect(session.partUploadRequests).toEqual([{ ordinalNumber: 1, method: 'PUT', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/upload\//), headers: { 'x-ms-blob-type': 'BlockBlob' } }]);
		const pending = await call<SessionStatus>(url, 'GET', `/sessions/${session.referenceNumber}`, { bearer });
		expect(pending.body.status).toMatchObject({ code: 100, description: 'Sesja wsadowa rozpoczęta' });
		await uploadAll(session, built);
		expect((await close(session.referenceNumber)).status).toBe(204);

		const status = await finished(session.referenceNumber);
		expect(status).toMatchObject({ status: { code: 200 }, invoiceCount: 1, successfulInvoiceCount: 1, failedInvoiceCount: 0 });
		expect(status.upo?.pages.length).toBe(1);
		const [only] = await invoices(session.referenceNumber);
		expect(only).toMatchObject({ ordinalNumber: 1, invoiceNumber: one.number, invoiceFileName: 'faktura_1.xml', invoicingMode: 'Online', status: { code: 200 } });
		expect(only.ksefNumber).toMatch(/^9999999999-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
		const again = await close(session.referenceNumber);
		expect(again.status).toBe(400);
		expect(exceptionCode(again.body)).toBe(21180);
	});

	it('joins a package cut into three separately encrypted parts, uploaded in any order', async () => {
		const files = [invoice(), invoice(), invoice()].map((entry, i) => ({ name: `faktura_${i + 1}.xml`, data: entry.xml }));
		const { session, built } = await open((key) => buildPackage(files, key.key, key.iv, 3));
		expect(built.parts).toHaveLength(3);
		expect(session.partUploadRequests.map((request) => request.ordinalNumber)).toEqual([1, 2, 3]);
		for (const request of [...session.partUploadRequests].reverse()) expect((await upload(request, built.parts[request.ordinalNumber - 1])).status).toBe(201);
		expect((await close(session.referenceNumber)).status).toBe(204);
		expect(await finished(session.referenceNumber)).toMatchObject({ status: { code: 200 }, invoiceCount: 3, successfulInvoiceCount: 3 });
		const listed = await invoices(session.referenceNumber);
		expect(listed.map((entry) => entry.invoiceFileName).sort()).toEqual(['faktura_1.xml', 'faktura_2.xml', 'faktura_3.xml']);
		expect(listed.every((entry) => entry.ksefNumber)).toBe(true);
	});

	it('is not atomic: valid invoices get KSeF numbers, broken ones and duplicates fail on their own', async () => {
		const first = invoice();
		const second = invoice();
		const duplicate = invoice();
		const earlier = await sendPackage([{ name: 'earlier.xml', data: duplicate.xml }]);
		expect(earlier.status.status.code).toBe(200);

		const { referenceNumber, status } = await sendPackage(
			[
				{ name: 'good_1.xml', data: first.xml },
				{ name: 'broken.xml', data: Buffer.from('<Faktura><niedomknieta>') },
				{ name: 'duplicate.xml', data: duplicate.xml },
				{ name: 'good_2.xml', data: second.xml },
			],
			2,
		);
		expect(status).toMatchObject({ status: { code: 200 }, invoiceCount: 4, successfulInvoiceCount: 2, failedInvoiceCount: 2 });
		const byName = new Map((await invoices(referenceNumber)).map((entry) => [entry.invoiceFileName, entry]));
		expect(byName.get('good_1.xml')?.ksefNumber).toBeDefined();
		expect(byName.get('good_2.xml')?.ksefNumber).toBeDefined();
		expect(byName.get('broken.xml')).toMatchObject({ status: { code: 450 } });
		expect(byName.get('broken.xml')?.ksefNumber).toBeUndefined();
		expect(byName.get('duplicate.xml')?.status).toMatchObject({ code: 440, extensions: { originalSessionReferenceNumber: earlier.referenceNumber } });
		const failed = await invoices(referenceNumber, true);
		expect(failed.map((entry) => entry.invoiceFileName).sort()).toEqual(['broken.xml', 'duplicate.xml']);
	});

	it('unpacks a TarGz package as well (compressionType TarGz)', async () => {
		const files = [invoice(), invoice()].map((entry, i) => ({ name: `tar_${i}.xml`, data: entry.xml }));
		const archive = await tarGzFiles(files);
		const { session, built } = await open((key) => {
			const built = packageFromZip(archive, key.key, key.iv, 2);
			return { ...built, batchFile: { ...built.batchFile, compressionType: 'TarGz' as const } };
		});
		await uploadAll(session, built);
		expect((await close(session.referenceNumber)).status).toBe(204);
		expect(await finished(session.referenceNumber)).toMatchObject({ status: { code: 200 }, successfulInvoiceCount: 2 });
		expect((await invoices(session.referenceNumber)).map((entry) => entry.invoiceFileName).sort()).toEqual(['tar_0.xml', 'tar_1.xml']);
	});

	it('ends with 445 when no invoice in the package is valid', async () => {
		const { status } = await sendPackage([{ name: 'a.xml', data: Buffer.from('nie xml') }]);
		expect(status).toMatchObject({ status: { code: 445 }, invoiceCount: 1, failedInvoiceCount: 1 });
	});

	it('refuses an upload that carries an Authorization header, as Azure blob storage does', async () => {
		const { session, built } = await open((key) => buildPackage([{ name: 'f.xml', data: invoice().xml }], key.key, key.iv));
		const refused = await upload(session.partUploadRequests[0], built.parts[0], { authorization: `Bearer ${bearer}` });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('<Code>InvalidAuthenticationInfo</Code>');
		const closed = await close(session.referenceNumber);
		expect(closed.status).toBe(400);
		expect(exceptionCode(closed.body)).toBe(21205);
	});

	it('takes a part whose bytes differ from the declaration at upload, as the storage cannot know, and ends the session with 405 after close', async () => {
		const { session, built } = await open((key) => buildPackage([{ name: 'f.xml', data: invoice().xml }], key.key, key.iv));
		const [request] = session.partUploadRequests;
		const tampered = Buffer.from(built.parts[0]);
		tampered[0] ^= 0xff;
		expect((await upload(request, tampered)).status).toBe(201);
		expect((await close(session.referenceNumber)).status).toBe(204);
		const status = await finished(session.referenceNumber);
		expect(status.status.code).toBe(405);
		expect(status.status.details?.join(' ')).toMatch(/Część 1 .*zadeklarowano/);
	});

	it('refuses a tampered link and a missing blob type; the right bytes go through', async () => {
		const { session, built } = await open((key) => buildPackage([{ name: 'f.xml', data: invoice().xml }], key.key, key.iv));
		const [request] = session.partUploadRequests;
		expect((await upload({ ...request, url: request.url.replace(/sig=[^&]+/, 'sig=forged') }, built.parts[0])).status).toBe(403);
		expect((await upload({ ...request, headers: {} }, built.parts[0])).status).toBe(400);
		// The right bytes still go through afterwards.
		expect((await upload(request, built.parts[0])).status).toBe(201);
		expect((await close(session.referenceNumber)).status).toBe(204);
		expect((await finished(session.referenceNumber)).status.code).toBe(200);
	});

	it('fails the whole session when the joined package does not match its declared hash (405), does not decrypt (435), does not unzip (430) or is empty (440)', async () => {
		const zip = await zipFiles([{ name: 'f.xml', data: invoice().xml }]);
		const { session, built } = await open((key) => {
			const built = packageFromZip(zip, key.key, key.iv);
			return { ...built, batchFile: { ...built.batchFile, fileHash: Buffer.alloc(32, 7).toString('base64') } };
		});
		await uploadAll(session, built);
		expect((await close(session.referenceNumber)).status).toBe(204);
		expect(await finished(session.referenceNumber)).toMatchObject({ status: { code: 405 }, invoiceCount: 0 });

		const wrongKey = await open((key) => packageFromZip(zip, Buffer.alloc(32, 1), key.iv));
		await uploadAll(wrongKey.session, wrongKey.built);
		expect((await close(wrongKey.session.referenceNumber)).status).toBe(204);
		expect((await finished(wrongKey.session.referenceNumber)).status.code).toBe(435);

		const notZip = await open((key) => packageFromZip(Buffer.from('to nie jest zip'), key.key, key.iv));
		await uploadAll(notZip.session, notZip.built);
		expect((await close(notZip.session.referenceNumber)).status).toBe(204);
		expect((await finished(notZip.session.referenceNumber)).status.code).toBe(430);

		const empty = await open(async (key) => packageFromZip(await zipFiles([]), key.key, key.iv));
		await uploadAll(empty.session, empty.built);
		expect((await close(empty.session.referenceNumber)).status).toBe(204);
		expect((await finished(empty.session.referenceNumber)).status).toMatchObject({ code: 440, details: ['Nie przesłano faktur'] });
	});

	it('checks the package description when opening: too many parts (21161), oversized part (21157); too many invoices (420)', async () => {
		const part = { fileSize: 16, fileHash: Buffer.alloc(32).toString('base64') };
		const limited = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false }, limits: { maxParts: 2, maxPartSizeBytes: 100_000, maxInvoicesPerSession: 1 } });
		try {
			const token = (await authenticate(limited.baseUrl, limited.token, limited.nip)).accessToken;
			const { encryption } = await makeSessionKey(limited.baseUrl);
			const body = (fileParts: Array<{ ordinalNumber: number; fileSize: number; fileHash: string }>) => ({
				formCode: FA3,
				batchFile: { fileSize: 100, fileHash: part.fileHash, fileParts },
				encryption,
			});
			const tooMany = await call(limited.baseUrl, 'POST', '/sessions/batch', {
				bearer: token,
				json: body([1, 2, 3].map((ordinalNumber) => ({ ordinalNumber, ...part }))),
			});
			expect(exceptionCode(tooMany.body)).toBe(21161);
			const tooBig = await call(limited.baseUrl, 'POST', '/sessions/batch', {
				bearer: token,
				json: body([{ ordinalNumber: 1, fileSize: 200_000, fileHash: part.fileHash }]),
			});
			expect(exceptionCode(tooBig.body)).toBe(21157);

			// Over the per-session invoice limit the whole package fails before any invoice is taken in.
			const files = [invoice(), invoice()].map((entry, i) => ({ name: `f${i}.xml`, data: entry.xml }));
			const { session, built } = await open((key) => buildPackage(files, key.key, key.iv), token, limited.baseUrl);
			await Promise.all(session.partUploadRequests.map((request) => upload(request, built.parts[request.ordinalNumber - 1])));
			expect((await close(session.referenceNumber, token, limited.baseUrl)).status).toBe(204);
			const status = await finished(session.referenceNumber, token, limited.baseUrl);
			expect(status).toMatchObject({ status: { code: 420 }, invoiceCount: 0 });
			expect(limited.simulator.responseViolations).toEqual([]);
		} finally {
			await limited.stop();
		}
	});

	it('honours the attachment permission: 410 without it, KSeF numbers with it', async () => {
		const withAttachment = invoice('FA_3_Przyklad_24_zalacznik.xml');
		const denied = await sendPackage([{ name: 'z.xml', data: withAttachment.xml }]);
		expect(denied.status.status.code).toBe(445);
		const [rejected] = await invoices(denied.referenceNumber);
		expect(rejected.status).toMatchObject({ code: 410, description: 'Sprzedawca 9999999999 nie posiada zgody do wysylania faktur z zalacznikami' });

		const permitted = (await authenticate(url, OTHER_SUBJECT.token, OTHER_SUBJECT.nip)).accessToken;
		const files = [invoice('FA_3_Przyklad_24_zalacznik.xml', OTHER_SUBJECT.nip), invoice('FA_3_Przyklad_25_zalacznik.xml', OTHER_SUBJECT.nip)];
		const allowed = await sendPackage(
			files.map((entry, i) => ({ name: `zalacznik_${i}.xml`, data: entry.xml })),
			1,
			permitted,
		);
		expect(allowed.status).toMatchObject({ status: { code: 200 }, successfulInvoiceCount: 2 });
		const listed = await invoices(allowed.referenceNumber, false, permitted);
		expect(listed.every((entry) => entry.ksefNumber?.startsWith(`${OTHER_SUBJECT.nip}-`))).toBe(true);
	});

	it('cancels a session that is not closed in time (440), then refuses close (21208) and uploads', async () => {
		const quick = await start({ port: 0, validateResponses: true, rateLimits: { enabled: false }, limits: { unclosedBatchTimeoutMs: 300 } });
		try {
			const token = (await authenticate(quick.baseUrl, quick.token, quick.nip)).accessToken;
			const { session, built } = await open((key) => buildPackage([{ name: 'f.xml', data: invoice().xml }], key.key, key.iv), token, quick.baseUrl);
			await sleep(400);
			const { body } = await call<SessionStatus>(quick.baseUrl, 'GET', `/sessions/${session.referenceNumber}`, { bearer: token });
			expect(body.status).toMatchObject({ code: 440, description: 'Sesja anulowana' });
			const closed = await close(session.referenceNumber, token, quick.baseUrl);
			expect(closed.status).toBe(400);
			expect(exceptionCode(closed.body)).toBe(21208);
			expect((await upload(session.partUploadRequests[0], built.parts[0])).status).toBe(403);
			expect(quick.simulator.responseViolations).toEqual([]);
		} finally {
			await quick.stop();
		}
	});
});
