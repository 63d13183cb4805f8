import type { INodeExecutionData } from 'n8n-workflow';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, sampleInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from './support/executeContext';

const run = async (ctx: ReturnType<typeof executeContext>): Promise<INodeExecutionData[]> => (await new KsefSendInvoice().execute.call(ctx))[0];

describe('KSeF Send Invoice node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: `${sim.token}\n`, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('sends binary XML items and returns one result per item with KSeF numbers, pairedItem and the input file kept', async () => {
		const files = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('N') }), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('N') })];
		const out = await run(executeContext({ ...xmlItems(files), parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials }));
		expect(out).toHaveLength(2);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted']);
		expect(out[0].json.ksefNumber).toMatch(/^9999999999-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
		expect(out[0].json.explanation).toMatch(/KSeF number/);
		expect(out[0].binary?.data).toBeDefined();
	});

	it('with continueOnFail: bad items get their own error item, good ones still go through, nothing is sent twice', async () => {
		const good = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('G') });
		const items = [
			{ json: {} },
			{ json: {} },
			{ json: {} },
		];
		const xml = [good.toString('utf8'), 'not xml at all', sampleInvoice('FA_3_Przyklad_24_zalacznik.xml').toString('utf8')];
		const ctx = executeContext({
			items,
			parameters: { invoiceSource: 'text', invoiceXml: (i: number) => xml[i], options: {} },
			credentials,
			continueOnFail: true,
		});
		const out = await run(ctx);
		expect(out).toHaveLength(3);
		expect(out[0].json.outcome).toBe('accepted');
		expect(out[1].json.error).toMatch(/not well-formed XML/);
		expect(out[2].json.error).toMatch(/Zalacznik/);
		expect((out[2].json.details as { description: string }).description).toMatch(/Batch Send/);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without continueOnFail: a bad item stops the node before any session is opened', async () => {
		const sessionsBefore = Object.keys(sim.simulator.state.sessions).length;
		const ctx = executeContext({
			items: [{ json: {} }, { json: {} }],
			parameters: { invoiceSource: 'text', invoiceXml: (i: number) => (i === 0 ? makeInvoice({ invoiceNumber: uniqueInvoiceNumber('S') }).toString() : '<Faktura/>'), options: {} },
			credentials,
		});
		await expect(run(ctx)).rejects.toThrow(/namespace/);
		expect(Object.keys(sim.simulator.state.sessions).length).toBe(sessionsBefore);
	});

	it('marks a duplicate clearly and attaches UPOs when asked', async () => {
		const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('D') });
		const parameters = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { attachUpo: true } };
		const [first] = await run(executeContext({ ...xmlItems([xml]), parameters, credentials }));
		const [again] = await run(executeContext({ ...xmlItems([xml]), parameters, credentials }));
		expect(first.binary?.upo?.fileName).toBe(`UPO-${String(first.json.ksefNumber)}.xml`);
		expect(again.json).toMatchObject({ outcome: 'duplicate', duplicate: true, originalKsefNumber: first.json.ksefNumber, statusCode: 440 });
		expect(String(again.json.explanation)).toMatch(/already has a KSeF number/);
	});

	it('names the credential field when the NIP is wrong, and never shows the token', async () => {
		const ctx = executeContext({
			...xmlItems([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('C') })]),
			parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} },
			credentials: { ...credentials, nip: '1234567890' },
		});
		await expect(run(ctx)).rejects.toThrow(/Context NIP in the credential.*checksum/);
		const wrongToken = { ...credentials, token: 'bad|token|value-123456' };
		const error = (await run(
			executeContext({
				...xmlItems([makeInvoice({ invoiceNumber: uniqueInvoiceNumber('C') })]),
				parameters: { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} },
				credentials: wrongToken,
			}),
		).catch((e: unknown) => e)) as Error & { description?: string };
		expect(String(error.message) + String(error.description)).not.toContain('bad|token|value-123456');
		expect(String(error.message)).toMatch(/450/);
	});

	it('when one send fails for good, the error says where the other invoices went', async () => {
		// A 429 asking for longer than the client waits is a refusal: KSeF holds nothing of that invoice.
		const flaky = await startSimulator({
			faults: [{ match: { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' }, fault: { kind: 'status', status: 429, retryAfterSeconds: 100_000 }, skip: 1, times: 1 }],
		});
		try {
			const flakyCredentials = { ...credentials, baseUrl: flaky.baseUrl };
			const files = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('F') }), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('F') })];
			const parameters = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { concurrency: 1 } };
			const error = (await run(executeContext({ ...xmlItems(files), parameters, credentials: flakyCredentials })).catch((e: unknown) => e)) as Error & { description?: string };
			expect(error.description).toMatch(/1 of the 2 invoice\(s\) of this execution reached KSeF in session \S+ \(1 accepted\); 1 did not\..*Running the workflow again is safe/);
		} finally {
			await flaky.stop();
		}
	});
});
