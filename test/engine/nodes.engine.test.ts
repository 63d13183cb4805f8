import type { INodeExecutionData } from 'n8n-workflow';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { zipOf } from '../simulator/support/rawKsef';
import { pdfText } from '../pdf/support/pdfTools';
import { Container, core, PACKAGE, runWorkflow, type KsefStep, type SourceItem } from './support/engine';

const xmlFile = (data: Buffer, fileName = 'invoice.xml'): SourceItem['binary'] => ({ data: { data, fileName, mimeType: 'application/xml' } });
const send = (parameters: KsefStep['parameters'], onError?: KsefStep['onError']): KsefStep => ({ name: 'Send', type: `${PACKAGE}.ksefSendInvoice`, parameters, ...(onError ? { onError } : {}) });
const paired = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

describe('the nodes run by n8n-core’s WorkflowExecute (expressions, pairedItem, binary data service, On Error)', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, string>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	describe('Send Invoice, Invoice XML from the expression {{ $json.xml }}, one good and one broken item', () => {
		const items = (): SourceItem[] => [{ json: { xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EO') }).toString('utf8') } }, { json: { xml: 'not xml at all' } }];
		const parameters = { invoiceSource: 'text', invoiceXml: '={{ $json.xml }}', options: {} };

		it('On Error "Stop Workflow": the run fails naming the item, and no session is opened', async () => {
			const sessionsBefore = Object.keys(sim.simulator.state.sessions).length;
			const result = await runWorkflow(items(), [send(parameters)], credentials);
			expect(result.error?.message).toMatch(/not well-formed XML.*\[item 1\]/);
			expect(result.run.status).toBe('error');
			expect(Object.keys(sim.simulator.state.sessions).length).toBe(sessionsBefore);
		});

		it('On Error "Continue": one item per input on the main output, the broken one carrying its error', async () => {
			const result = await runWorkflow(items(), [send(parameters, 'continueRegularOutput')], credentials);
			expect(result.error).toBeUndefined();
			const [main] = result.outputs('Send');
			expect(main.map((item) => item.json.outcome ?? 'error')).toEqual(['accepted', 'error']);
			expect(String(main[1].json.error)).toMatch(/not well-formed XML/);
			expect(paired(main)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('On Error "Continue (using error output)": the accepted invoice on Success, the broken item on Error', async () => {
			const result = await runWorkflow(items(), [send(parameters, 'continueErrorOutput')], credentials);
			expect(result.error).toBeUndefined();
			const [success, error] = result.outputs('Send');
			expect(success.map((item) => item.json.outcome)).toEqual(['accepted']);
			expect(success[0].json.ksefNumber).toMatch(/^9999999999-/);
			expect(error).toHaveLength(1);
			expect(String(error[0].json.error)).toMatch(/not well-formed XML.*\[item 1\]/);
			expect(paired(success)).toEqual([{ item: 0 }]);
			expect(paired(error)).toEqual([{ item: 1 }]);
		});
	});

	it('binary round trip: a file stored by n8n is sent, passed through, its UPO stored; Download (KSeF number from the default {{ $json.ksefNumber }}) returns the same bytes', async () => {
		const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EB') });
		const result = await runWorkflow(
			[{ json: { note: 'kept' }, binary: xmlFile(xml, 'FV-1.xml') }],
			[
				send({ invoiceSource: 'binary', binaryPropertyName: 'data', options: { attachUpo: true } }),
				{ name: 'Download', type: `${PACKAGE}.ksefDownload`, parameters: { operation: 'downloadInvoice' } },
			],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [[sent]] = result.outputs('Send');
		expect(sent.json.outcome).toBe('accepted');
		// n8n 2.x keeps binaries in its binary data service (filesystem mode here), not as base64 in the item.
		expect(sent.binary?.data.id).toMatch(/^filesystem-v2:/);
		expect((await result.binary(sent, 'data')).equals(xml)).toBe(true);
		expect((await result.binary(sent, 'upo')).toString('utf8')).toContain(String(sent.json.ksefNumber));

		const [[downloaded]] = result.outputs('Download');
		expect(downloaded.json.ksefNumber).toBe(sent.json.ksefNumber);
		expect(downloaded.binary?.data.fileName).toBe(`${String(sent.json.ksefNumber)}.xml`);
		expect((await result.binary(downloaded, 'data')).equals(xml)).toBe(true);
		expect(downloaded.pairedItem).toEqual({ item: 0 });
	});

	it('Check Status takes the session and invoice references from the defaults {{ $json.… }} of Send Invoice’s output', async () => {
		const result = await runWorkflow(
			[{ binary: xmlFile(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('ES') })) }],
			[
				send({ invoiceSource: 'binary', options: { waitForProcessing: false } }),
				{ name: 'Status', type: `${PACKAGE}.ksefCheckStatus`, parameters: { operation: 'invoiceStatus' } },
			],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [[sent]] = result.outputs('Send');
		const [[status]] = result.outputs('Status');
		expect(status.json.invoiceReferenceNumber).toBe(sent.json.invoiceReferenceNumber);
		expect(status.json.sessionReferenceNumber).toBe(sent.json.sessionReferenceNumber);
		expect(['accepted', 'pending']).toContain(status.json.outcome);
	});

	it('Download with an unknown KSeF number and "Continue (using error output)": the known one on Success, the unknown one on Error', async () => {
		const known = await runWorkflow([{ binary: xmlFile(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EU') })) }], [send({ invoiceSource: 'binary', options: {} })], credentials);
		const ksefNumber = String(known.outputs('Send')[0][0].json.ksefNumber);
		const unknown = ksefNumber.replace(/-[0-9A-F]{12}-/, '-000000000000-');
		const result = await runWorkflow(
			[{ json: { ksefNumber } }, { json: { ksefNumber: unknown } }],
			[{ name: 'Download', type: `${PACKAGE}.ksefDownload`, parameters: { operation: 'downloadInvoice' }, onError: 'continueErrorOutput' }],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [success, error] = result.outputs('Download');
		expect(success.map((item) => item.json.ksefNumber)).toEqual([ksefNumber]);
		expect(error).toHaveLength(1);
		expect(String(error[0].json.error)).toMatch(/\[item 1\]/);
		expect(paired(error)).toEqual([{ item: 1 }]);
	});

	it('Batch Send: files from n8n’s binary store each get their KSeF number, on the item they came from', async () => {
		const files = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EBA') }), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EBA') })];
		const result = await runWorkflow(
			files.map((file, index) => ({ json: { index }, binary: xmlFile(file, `fv-${index}.xml`) })),
			[{ name: 'Batch', type: `${PACKAGE}.ksefBatchSend`, parameters: { inputMode: 'invoices', invoiceSource: 'binary', options: {} } }],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [out] = result.outputs('Batch');
		expect(out.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted']);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.every((item) => /^9999999999-/.test(String(item.json.ksefNumber)))).toBe(true);
	});

	it('Batch Send with a ready ZIP: the file in n8n’s binary store is read as a stream (getBinaryStream), never as one buffer', async () => {
		const zip = await zipOf([1, 2].map((i) => ({ name: `z-${i}.xml`, data: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EZ') }) })));
		const service = Container.get(core.BinaryDataService);
		const asBuffer = jest.spyOn(service, 'getAsBuffer');
		const asStream = jest.spyOn(service, 'getAsStream');
		try {
			const result = await runWorkflow(
				[{ binary: { data: { data: zip, fileName: 'month.zip', mimeType: 'application/zip' } } }],
				[{ name: 'Batch', type: `${PACKAGE}.ksefBatchSend`, parameters: { inputMode: 'zip', options: {} } }],
				credentials,
			);
			expect(result.error).toBeUndefined();
			const [out] = result.outputs('Batch');
			expect(out.map((item) => [item.json.outcome, item.json.zipFileName])).toEqual([['accepted', 'month.zip'], ['accepted', 'month.zip']]);
			expect(asStream).toHaveBeenCalledTimes(1);
			expect(asBuffer).not.toHaveBeenCalled();
		} finally {
			asBuffer.mockRestore();
			asStream.mockRestore();
		}
	});

	it('Query Invoices with its default From, {{ $now.minus({ days: 1 }).toISO() }} (a Luxon DateTime), finds what was sent', async () => {
		const result = await runWorkflow(
			[{ json: {} }],
			[{ name: 'Query', type: `${PACKAGE}.ksefQueryInvoices`, parameters: { subjectType: 'Subject1', dateType: 'PermanentStorage', returnAll: true } }],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [found] = result.outputs('Query');
		expect(found.length).toBeGreaterThanOrEqual(4);
		expect(found.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Query Invoices with Include Checkpoint, From = {{ $json.nextFrom }}: the stored checkpoint of one run starts the next; a quiet run outputs the single checkpoint item', async () => {
		const parameters = {
			subjectType: 'Subject1',
			dateType: 'PermanentStorage',
			from: '={{ $json.nextFrom }}',
			filters: { restrictToPermanentStorageHwmDate: true },
			returnAll: true,
			options: { includeCheckpoint: true },
		};
		const step = [{ name: 'Query', type: `${PACKAGE}.ksefQueryInvoices`, parameters }];
		// Past the simulator's HWM lag (500 ms), so what earlier tests sent is final before the first run.
		await new Promise((resolve) => setTimeout(resolve, 900));
		const first = await runWorkflow([{ json: { nextFrom: new Date(Date.now() - 86_400_000).toISOString() } }], step, credentials);
		expect(first.error).toBeUndefined();
		const [found] = first.outputs('Query');
		expect(found.length).toBeGreaterThanOrEqual(4);
		const checkpoint = found[0].json.checkpoint as { nextFrom: string; permanentStorageHwmDate: string; isTruncated: boolean };
		expect(checkpoint).toMatchObject({ isTruncated: false, nextFrom: checkpoint.permanentStorageHwmDate });
		expect(found.every((item) => typeof item.json.ksefNumber === 'string' && (item.json.checkpoint as { nextFrom: string }).nextFrom === checkpoint.nextFrom)).toBe(true);

		const quiet = await runWorkflow([{ json: { nextFrom: checkpoint.nextFrom } }], step, credentials);
		expect(quiet.error).toBeUndefined();
		const [[only, ...rest]] = quiet.outputs('Query');
		expect(rest).toEqual([]);
		expect(only.json).toEqual({ invoiceCount: 0, checkpoint: expect.objectContaining({ isTruncated: false, nextFrom: expect.any(String) }) });
		expect(only.pairedItem).toEqual({ item: 0 });
	});

	it('Build Invoice (JSON from an expression) → Send Invoice (its binary) → Invoice PDF (KSeF number from the default {{ $json.ksefNumber }}): the PDF shows the number KSeF gave', async () => {
		const order = {
			invoiceNumber: uniqueInvoiceNumber('EP'),
			issueDate: new Date().toISOString().slice(0, 10),
			seller: { nip: sim.nip, name: 'Seller sp. z o.o.', addressLine1: 'ul. Prosta 1', addressLine2: '00-001 Warszawa' },
			buyer: { nip: '1111111111', name: 'Kowalski & Syn', addressLine1: 'ul. Polna 1' },
			lines: [{ name: 'Consulting', quantity: 2, unitPrice: '150.00', vatRate: '23' }],
		};
		const result = await runWorkflow(
			[{ json: { order } }, { json: { order: { ...order, lines: [{ name: 'No price', vatRate: '23' }] } } }],
			[
				{ name: 'Build', type: `${PACKAGE}.ksefBuildInvoice`, parameters: { defineInvoice: 'json', invoiceJson: '={{ $json.order }}' }, onError: 'continueErrorOutput' },
				send({ invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }),
				{ name: 'PDF', type: `${PACKAGE}.ksefInvoicePdf`, parameters: { operation: 'invoice', environment: 'test' } },
			],
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [built, broken] = result.outputs('Build');
		expect(built).toHaveLength(1);
		expect((built[0].json.totals as { gross: string }).gross).toBe('369.00');
		expect(broken).toHaveLength(1);
		expect(broken[0].pairedItem).toEqual({ item: 1 });
		expect(String(broken[0].json.error)).toMatch(/unitPrice|Unit Price/);
		const [[sent]] = result.outputs('Send');
		expect(sent.json.outcome).toBe('accepted');
		expect(sent.json.invoiceHash).toBe(built[0].json.sha256);
		const [[rendered]] = result.outputs('PDF');
		expect(rendered.json.ksefNumber).toBe(sent.json.ksefNumber);
		const text = pdfText(await result.binary(rendered, 'pdf'));
		for (const expected of [String(sent.json.ksefNumber), order.invoiceNumber, 'Kowalski & Syn', '369,00']) expect(text).toContain(expected);
	});

	it('a credential that cannot be used fails every item under "Continue (using error output)", instead of n8n passing the unsent invoices on as successes', async () => {
		const broken = { ...credentials, nip: '123' };
		const items = [{ json: { xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('EC') }).toString('utf8') } }, { json: { xml: 'second' } }];
		const sessionsBefore = Object.keys(sim.simulator.state.sessions).length;
		const result = await runWorkflow(items, [send({ invoiceSource: 'text', invoiceXml: '={{ $json.xml }}', options: {} }, 'continueErrorOutput')], broken);
		expect(result.error).toBeUndefined();
		const [success, failure] = result.outputs('Send');
		expect(success ?? []).toHaveLength(0);
		expect(failure).toHaveLength(2);
		expect(paired(failure)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of failure) expect(String(item.json.error)).toMatch(/NIP/);
		expect(Object.keys(sim.simulator.state.sessions)).toHaveLength(sessionsBefore);
	});
});
