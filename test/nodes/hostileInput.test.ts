import type { INode, INodeExecutionData } from 'n8n-workflow';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { HOSTILE_INPUTS, hostileInvoiceXml } from './support/hostileInputs';
import { executeContext } from './support/executeContext';

const send = async (ctx: ReturnType<typeof executeContext>): Promise<INodeExecutionData[]> => (await new KsefSendInvoice().execute.call(ctx))[0];

/** The parameters of Send Invoice with the invoice as text: one good invoice first, then the case under test. */
function sendContext(values: unknown[], credentials: Record<string, unknown>, continueOnFail: boolean, options: Record<string, unknown> = {}) {
	return executeContext({
		items: values.map(() => ({ json: {} })),
		parameters: { invoiceSource: 'text', invoiceXml: (i: number) => values[i], options: { validateXsd: true, ...options } },
		credentials,
		continueOnFail,
	});
}

function sentInvoiceCount(sim: RunningSimulator): number {
	return sim.simulator.requestLog.filter((entry) => entry.method === 'POST' && entry.template.endsWith('/invoices')).length;
}

describe('hostile and mistaken input, through the nodes', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	describe('with Continue On Fail: every bad item gets its own message, naming the item and the field, and the good one is sent', () => {
		let out: INodeExecutionData[];
		let sentBefore: number;
		let sentAfter: number;
		beforeAll(async () => {
			const good = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('HG') }).toString('utf8');
			sentBefore = sentInvoiceCount(sim);
			out = await send(sendContext([good, ...HOSTILE_INPUTS.map(hostileInvoiceXml)], credentials, true));
			sentAfter = sentInvoiceCount(sim);
		});

		it('returns one item per input, the good invoice accepted, and only that one sent to KSeF', () => {
			expect(out).toHaveLength(HOSTILE_INPUTS.length + 1);
			expect(out[0].json.outcome).toBe('accepted');
			expect(sentAfter - sentBefore).toBe(1);
			expect(out.map((item) => item.pairedItem)).toEqual(out.map((_, item) => ({ item })));
		});

		it.each(HOSTILE_INPUTS.map((input, position) => [input.name, input, position + 1] as const))('%s', (_name, input, itemIndex) => {
			const item = out[itemIndex];
			// Shaped for n8n's error output: nothing but `error` and `details`.
			expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
			expect(item.json.error).toBe(`${input.message} [item ${itemIndex}]`);
			expect(String(item.json.error)).toContain(input.field);
			expect(item.json.details).toMatchObject({ description: input.fix, itemIndex });
		});
	});

	describe('without Continue On Fail: the node stops with the same message before anything is sent', () => {
		it.each(HOSTILE_INPUTS.map((input) => [input.name, input] as const))('%s', async (_name, input) => {
			const calls = sim.simulator.requestLog.length;
			const error = (await send(sendContext([hostileInvoiceXml(input)], credentials, false)).catch((caught: unknown) => caught)) as {
				message: string;
				description: string;
			};
			expect(error.message).toBe(`${input.message} [item 0]`);
			expect(error.description).toBe(input.fix);
			expect(callsSince(sim, calls)).toEqual([]);
		});
	});

	it('a 60 MB document is refused by its size before it is parsed', async () => {
		const huge = makeInvoice({ invoiceNumber: 'BIG/1' }).toString('utf8').replace('</Faktura>', `<!--${'x'.repeat(60 * 1024 * 1024)}--></Faktura>`);
		const [item] = await send(sendContext([huge], credentials, true));
		expect(item.json.error).toBe("Invoice XML is 60.00 MiB, over KSeF's 1.00 MiB limit [item 0]");
	});

	it('a seller NIP of another subject is sent when "Send on Behalf of the Seller" is on, and KSeF\'s refusal is then not silent', async () => {
		const other = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('OB'), sellerNip: '5265877635' }).toString('utf8');
		const ctx = sendContext([other], credentials, true, { onBehalfOfSeller: true });
		const [item] = await send(ctx);
		// The simulator knows no self-invoicing permission, so KSeF's own check answers 410.
		expect(item.json).toMatchObject({ outcome: 'rejected', statusCode: 410 });
		expect(ctx.addExecutionHints).toHaveBeenCalledWith(expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^1 of 1 invoice\(s\) were rejected by KSeF/) }));
	});

	describe('invoices KSeF rejects', () => {
		const brokenDate = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('RJ') }).toString('utf8').replace(/<P_1>[^<]*<\/P_1>/, '<P_1>2026-02-30</P_1>');

		it('stay items with a hint when no error output is chosen, so the accepted ones are not hidden', async () => {
			const good = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('RG') }).toString('utf8');
			const ctx = sendContext([good, brokenDate()], credentials, false, { validateXsd: false });
			const out = await send(ctx);
			expect(out.map((item) => item.json.outcome)).toEqual(['accepted', 'rejected']);
			expect(ctx.addExecutionHints).toHaveBeenCalledWith(
				expect.objectContaining({ type: 'warning', message: '1 of 2 invoice(s) were rejected by KSeF; see `outcome` and `explanation` on those items, or set On Error to "Continue (using error output)" to branch on them.' }),
			);
		});

		it('go to the error output, with their references and KSeF\'s reason, when "Continue (using error output)" is chosen', async () => {
			const good = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('RG') }).toString('utf8');
			const ctx = sendContext([good, brokenDate()], credentials, true, { validateXsd: false });
			(ctx.getNode as jest.Mock).mockReturnValue({ name: 'KSeF', type: 'n8n-nodes-ksef.test', typeVersion: 1, parameters: {}, onError: 'continueErrorOutput' } as unknown as INode);
			const out = await send(ctx);
			expect(out[0].json.outcome).toBe('accepted');
			expect(Object.keys(out[1].json).sort()).toEqual(['details', 'error']);
			expect(out[1].json.error).toMatch(/^The invoice was rejected by KSeF: 450 Błąd weryfikacji semantyki dokumentu faktury \(Linia 45: Element 'P_1': '2026-02-30' is not a valid value .*\) \[item 1\]$/);
			expect(out[1].json.details).toMatchObject({ outcome: 'rejected', statusCode: 450, invoiceReferenceNumber: expect.any(String), sessionReferenceNumber: expect.any(String) });
		});
	});

	it('invoices not processed yet get a hint saying how to finish them', async () => {
		const ctx = sendContext([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('PD') }).toString('utf8')], credentials, false, { waitForProcessing: false });
		const [item] = await send(ctx);
		expect(item.json.outcome).toBe('pending');
		expect(ctx.addExecutionHints).toHaveBeenCalledWith(
			expect.objectContaining({ type: 'info', message: expect.stringMatching(/^1 of 1 invoice\(s\) are still being processed by KSeF .*Check Status → Invoice Status/) }),
		);
	});

	it('Batch Send refuses the same inputs per item and sends the good invoice', async () => {
		const good = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('BG') }).toString('utf8');
		const values = [good, ...HOSTILE_INPUTS.map(hostileInvoiceXml)];
		const ctx = executeContext({
			items: values.map(() => ({ json: {} })),
			parameters: { inputMode: 'invoices', invoiceSource: 'text', invoiceXml: (i: number) => values[i], options: {} },
			credentials,
			continueOnFail: true,
		});
		const out = (await new KsefBatchSend().execute.call(ctx))[0];
		expect(out[0].json.outcome).toBe('accepted');
		expect(out.slice(1).map((item) => item.json.error)).toEqual(HOSTILE_INPUTS.map((input, position) => `${input.message} [item ${position + 1}]`));
	});

	describe('connection problems keep their advice', () => {
		const cases = [
			{
				name: 'connection refused',
				baseUrl: 'http://127.0.0.1:1/v2',
				message: 'Could not reach KSeF at http://127.0.0.1:1 (GET /security/public-key-certificates): the connection was refused: nothing answers at that address and port [item 0]',
				description: /custom URL, that the server is running/,
			},
			{
				name: 'unknown host',
				baseUrl: 'http://ksef-host-that-does-not-exist.invalid/v2',
				message: 'Could not reach KSeF at http://ksef-host-that-does-not-exist.invalid (GET /security/public-key-certificates): the host name could not be resolved (no such host, or no DNS from this machine) [item 0]',
				description: /typo in the host name/,
			},
		];
		it.each(cases)('$name', async ({ baseUrl, message, description }) => {
			const ctx = sendContext([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NW') }).toString('utf8')], { ...credentials, baseUrl }, true);
			const [item] = await send(ctx);
			expect(item.json.error).toBe(message);
			expect((item.json.details as { description: string }).description).toMatch(description);
		});

		it('a custom base URL without /v2', async () => {
			const baseUrl = sim.baseUrl.replace(/\/v2$/, '');
			const [item] = await send(sendContext([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('V2') }).toString('utf8')], { ...credentials, baseUrl }, true));
			expect(item.json.error).toBe(`KSeF answered 404 to GET /security/public-key-certificates: the base URL ${baseUrl} does not end in /v2, where the KSeF 2.0 API lives [item 0]`);
			expect((item.json.details as { description: string }).description).toBe(`Set the custom base URL in the KSeF API credential to ${baseUrl}/v2 (or pick the TEST, DEMO or PROD environment).`);
		});
	});

	describe('query filters', () => {
		const query = async (filters: Record<string, unknown>) => {
			const calls = sim.simulator.requestLog.length;
			const ctx = executeContext({
				items: [{ json: {} }],
				parameters: { subjectType: 'Subject1', dateType: 'PermanentStorage', from: '2026-01-01', to: '', filters, returnAll: true },
				credentials,
				continueOnFail: true,
			});
			const out = (await new KsefQueryInvoices().execute.call(ctx))[0];
			return { out, calls: callsSince(sim, calls) };
		};

		it.each([
			['an unknown currency', { currencyCodes: 'PLN, zł, ABC' }, 'Currencies contains "ABC", which is not an ISO 4217 currency code KSeF knows [item 0]'],
			['an ambiguous currency symbol', { currencyCodes: '$' }, 'Currencies contains "$", which is not an ISO 4217 currency code KSeF knows [item 0]'],
			['a KSeF number with a typo', { ksefNumber: '9999999999-20260215-0100001af629-00' }, 'KSeF Number "9999999999-20260215-0100001AF629-00" has a wrong checksum; check it for a typo [item 0]'],
			['an amount that is not one', { amountTo: '1,234.56' }, 'Amount To is "1,234.56", not an amount [item 0]'],
			['a seller NIP failing its checksum', { sellerNip: '1234567890' }, 'Seller NIP "1234567890" fails the NIP checksum; check it for a typo (a swapped or missing digit) [item 0]'],
		])('refuses %s before the request', async (_name, filters, message) => {
			const { out, calls } = await query(filters);
			expect(out).toEqual([expect.objectContaining({ json: expect.objectContaining({ error: message }) })]);
			expect(calls).toEqual([]);
		});

		it('normalises what is unambiguous and ignores filters left at their default', async () => {
			const { out: unfiltered } = await query({});
			expect(unfiltered.length).toBeGreaterThan(0);
			const { out } = await query({ amountTo: '', amountFrom: '', formType: '', buyerIdentifierType: 'Nip', currencyCodes: 'zł' });
			expect(out.length).toBe(unfiltered.length);
			const lower = String(unfiltered[0].json.ksefNumber).toLowerCase();
			const { out: byNumber } = await query({ ksefNumber: lower });
			expect(byNumber.map((item) => item.json.ksefNumber)).toEqual([unfiltered[0].json.ksefNumber]);
		});
	});

	it("Download's Parse to JSON decodes entities", async () => {
		const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EN') }).toString('utf8').replace(/(<Podmiot2>[\s\S]*?<Nazwa>)[^<]*(<\/Nazwa>)/, '$1Kowalski &amp; Syn &#x105;$2');
		const [sent] = await send(sendContext([xml], credentials, false));
		const ctx = executeContext({
			items: [{ json: {} }],
			parameters: { operation: 'downloadInvoice', ksefNumber: sent.json.ksefNumber, binaryPropertyName: 'data', options: { parseJson: true } },
			credentials,
		});
		const [item] = (await new KsefDownload().execute.call(ctx))[0];
		expect((item.json.invoice as { Podmiot2: { DaneIdentyfikacyjne: { Nazwa: string } } }).Podmiot2.DaneIdentyfikacyjne.Nazwa).toBe('Kowalski & Syn ą');
	});
});
