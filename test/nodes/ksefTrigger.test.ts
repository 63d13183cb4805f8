import type { IBinaryData, INode, IPollFunctions } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';
import { KsefTrigger } from '../../nodes/KsefTrigger/KsefTrigger.node';
import { KsefClient } from '../../src';
import { withInvoicePdf } from '../../nodes/shared/invoicePdf';
import { decodeQr, pdfText, rasterisePage } from '../pdf/support/pdfTools';
import { PRD_RATE_LIMITS } from '../simulator/rateLimits';
import type { RunningSimulator } from '../simulator';
import { defaultOptions } from '../simulator/options';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, raiseRateLimits, startSimulator } from '../support/simulatorClient';

const BUYER = { nip: '1111111111', token: '20260101-EC-BBBBBBBBBB-BBBBBBBBBB-BB|nip-1111111111|buyer' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 900));

/** An IPollFunctions good enough to run the trigger's poll() outside n8n; `staticData` persists across polls. */
function pollContext(setup: { parameters: Record<string, unknown>; credentials: Record<string, unknown>; staticData: Record<string, unknown>; mode?: 'manual' | 'trigger' }): IPollFunctions {
	const ctx = mock<IPollFunctions>();
	ctx.getMode.mockReturnValue(setup.mode ?? 'trigger');
	ctx.getNode.mockReturnValue({ name: 'KSeF Trigger', type: 'n8n-nodes-ksef.ksefTrigger', typeVersion: 1, parameters: {} } as unknown as INode);
	ctx.getCredentials.mockResolvedValue(setup.credentials as never);
	ctx.getWorkflowStaticData.mockReturnValue(setup.staticData as never);
	ctx.getNodeParameter.mockImplementation(((name: string, fallback?: unknown) => (name in setup.parameters ? setup.parameters[name] : fallback)) as IPollFunctions['getNodeParameter']);
	const helpers = {
		prepareBinaryData: jest.fn(async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({ data: data.toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream' })),
	};
	Object.assign(ctx, { helpers, logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() } });
	return ctx;
}

describe('KSeF Trigger node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;

	beforeAll(async () => {
		sim = await startSimulator({ subjects: [...defaultOptions().subjects, BUYER] });
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		await raiseRateLimits(clientFor(sim), ['invoiceMetadata', 'invoiceDownload', 'invoiceExport', 'invoiceSend', 'onlineSession']);
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	async function send(count: number): Promise<string[]> {
		const outcomes = await clientFor(sim).sendInvoices(Array.from({ length: count }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TR') }) })));
		expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
		return outcomes.map((o) => o.ksefNumber as string);
	}

	const poll = async (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'manual' | 'trigger' = 'trigger') =>
		new KsefTrigger().poll.call(pollContext({ parameters, credentials, staticData, mode }));
	const numbers = (result: Awaited<ReturnType<typeof poll>>) => (result ? result[0].map((item) => item.json.ksefNumber as string) : []);

	it('starts from activation, then emits each new invoice once, with XML, parsed invoice and KOD I link', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1'], start: 'now', includeXml: true, binaryPropertyName: 'file', filters: {}, options: {} };
		const old = await send(2);
		await settle();
		expect(await poll(parameters, staticData)).toBeNull();
		// The cursor is plain JSON in static data, so it survives n8n's save and a restart.
		const restarted = JSON.parse(JSON.stringify(staticData)) as Record<string, unknown>;

		const fresh = await send(3);
		await settle();
		const first = await poll(parameters, restarted);
		expect(numbers(first).sort()).toEqual([...fresh].sort());
		expect(numbers(first)).not.toEqual(expect.arrayContaining([old[0]]));
		const item = first![0][0];
		expect(item.json).toMatchObject({ permanentStorageDate: expect.any(String), grossAmount: expect.any(Number) });
		expect(String(item.json.verificationLink)).toMatch(/^https?:\/\//);
		expect(item.json.invoice).toBeDefined();
		expect(item.binary?.file.fileName).toBe(`${String(item.json.ksefNumber)}.xml`);

		expect(await poll(parameters, restarted)).toBeNull();
	});

	it('when one subject type’s poll fails, no cursor moves: the invoices found for the others come at the next poll', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1', 'Subject2'], start: 'now', includeXml: false, filters: {}, options: {} };
		await poll(parameters, staticData);
		const before = JSON.stringify(staticData);
		const sent = await send(2);
		await settle();
		const original = KsefClient.prototype.pollNewInvoices;
		const spy = jest.spyOn(KsefClient.prototype, 'pollNewInvoices').mockImplementation(async function (this: KsefClient, cursor, options) {
			if (cursor.subjectType === 'Subject2') throw new Error('KSeF answered 503 to the metadata query');
			return original.call(this, cursor, options);
		});
		try {
			await expect(poll(parameters, staticData)).rejects.toThrow(/503/);
		} finally {
			spy.mockRestore();
		}
		expect(JSON.stringify(staticData)).toBe(before);
		const next = await poll(parameters, staticData);
		expect(numbers(next).sort()).toEqual([...sent].sort());
	});

	it('follows several subject types, each with its own cursor, and applies the filters', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1', 'Subject2'], start: 'now', includeXml: false, filters: {}, options: {} };
		await poll(parameters, staticData);
		// The samples are sold by the credential's NIP: Subject1 finds them, Subject2 (the buyer's side) does not.
		const sold = await send(2);
		await settle();
		const result = await poll(parameters, staticData);
		expect(numbers(result).sort()).toEqual([...sold].sort());
		expect(Object.keys((staticData as { cursors: object }).cursors).sort()).toEqual(['Subject1', 'Subject2']);

		const filtered = await poll({ ...parameters, start: 'date', startDate: new Date(Date.now() - 60_000).toISOString(), filters: { invoiceNumber: 'no-such-number' } }, {});
		expect(filtered).toBeNull();
	});

	it('backfills from a chosen date', async () => {
		const since = new Date(Date.now() - 1_000).toISOString();
		const sent = await send(2);
		await settle();
		const result = await poll({ subjectTypes: ['Subject1'], start: 'date', startDate: since, filters: {}, options: {} }, {});
		expect(numbers(result)).toEqual(expect.arrayContaining(sent));
	});

	it('"Fetch Test Event" shows recent invoices and does not move the stored cursor', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1'], start: 'now', filters: {}, options: {} };
		await poll(parameters, staticData);
		const stored = JSON.stringify(staticData);
		const sent = await send(1);
		await settle();
		const test = await poll(parameters, staticData, 'manual');
		expect(test?.[0].length).toBeGreaterThan(0);
		expect(test![0].length).toBeLessThanOrEqual(10);
		expect(JSON.stringify(staticData)).toBe(stored);
		expect(numbers(await poll(parameters, staticData))).toEqual(sent);
	});

	it('at PRD’s hourly query limit a poll returns nothing instead of failing, and the next poll catches up', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1'], start: 'now', filters: {}, options: {} };
		await poll(parameters, staticData);
		const sent = await send(1);
		await settle();
		const client = clientFor(sim);
		await client.api.json({ method: 'POST', path: '/testdata/rate-limits', json: { rateLimits: { ...PRD_RATE_LIMITS, invoiceMetadata: { perSecond: 1, perMinute: 1, perHour: 1 } } } });
		try {
			// This file has made far more than one query this hour: KSeF answers 429 with a Retry-After of minutes.
			const stored = JSON.stringify(staticData);
			const before = sim.simulator.requestLog.length;
			await expect(poll(parameters, staticData)).resolves.toBeNull();
			expect(sim.simulator.requestLog.slice(before).filter((r) => r.template === '/invoices/query/metadata').map((r) => r.status)).toEqual([429]);
			expect(JSON.stringify(staticData)).toBe(stored);
		} finally {
			await raiseRateLimits(client, ['invoiceMetadata', 'invoiceDownload', 'invoiceExport', 'invoiceSend', 'onlineSession']);
		}
		expect(numbers(await poll(parameters, staticData))).toEqual(sent);
	});

	it('with Render PDF, each new invoice also comes as a PDF with its KSeF number and KOD I QR code; without the XML there is none', async () => {
		const staticData: Record<string, unknown> = {};
		const parameters = { subjectTypes: ['Subject1'], start: 'now', includeXml: true, binaryPropertyName: 'data', filters: {}, options: { renderPdf: true, pdfLanguage: 'en' } };
		await poll(parameters, staticData);
		const sent = await send(2);
		await settle();
		const result = await poll(parameters, staticData);
		expect(numbers(result).sort()).toEqual([...sent].sort());
		for (const item of result![0]) {
			const ksefNumber = String(item.json.ksefNumber);
			expect(item.binary?.data.fileName).toBe(`${ksefNumber}.xml`);
			expect(item.binary?.pdf).toMatchObject({ fileName: `${ksefNumber}.pdf`, mimeType: 'application/pdf' });
			expect(item.json).toMatchObject({ pdfFileName: `${ksefNumber}.pdf` });
			expect(item.json.pdfError).toBeUndefined();
			const pdf = Buffer.from(item.binary?.pdf.data ?? '', 'base64');
			const text = pdfText(pdf);
			expect(text).toContain(ksefNumber);
			// English labels, as chosen; the QR code carries the same link as the item's JSON (the simulator's own host).
			expect(text).toContain('KSeF number');
			expect(text).not.toContain('Numer KSeF');
			expect(decodeQr(rasterisePage(pdf, 1), { x: 440, y: 30, width: 125, height: 125 })).toBe(item.json.verificationLink);
		}

		// Render PDF is only offered with Include Invoice XML; a value left over from before does not render anything.
		const more = await send(1);
		await settle();
		const withoutXml = await poll({ ...parameters, includeXml: false }, staticData);
		expect(numbers(withoutXml)).toEqual(more);
		expect(withoutXml![0][0].binary).toBeUndefined();
		expect(withoutXml![0][0].json.pdfFileName).toBeUndefined();
		const option = new KsefTrigger().description.properties.find((p) => p.name === 'options')?.options?.find((o) => 'name' in o && o.name === 'renderPdf');
		expect(option).toMatchObject({ displayOptions: { show: { '/includeXml': [true] } } });
	});

	it('names a missing subject type before any request', async () => {
		await expect(poll({ subjectTypes: [], filters: {}, options: {} }, {})).rejects.toThrow('Invoices Where I Am');
	});
});

describe('Render PDF on a document that is not an FA(3) invoice', () => {
	it('keeps the XML and the item, and says why in pdfError', async () => {
		const xml = Buffer.from('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>PEF/1</ID></Invoice>');
		const item = { json: { ksefNumber: 'x' }, binary: { data: { data: xml.toString('base64'), mimeType: 'application/xml', fileName: 'x.xml' } } };
		const prepareBinaryData = jest.fn();
		const out = await withInvoicePdf({ prepareBinaryData }, { renderPdf: true }, 'https://api-test.ksef.mf.gov.pl/v2', item, xml, 'x');
		expect(out.binary).toEqual(item.binary);
		expect(out.json.pdfError).toMatch(/no Faktura root element.*Only FA\(3\)/);
		expect(prepareBinaryData).not.toHaveBeenCalled();
	});
});
