import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import type { RunningSimulator } from '../simulator';
import { zipOf } from '../simulator/support/rawKsef';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from './support/executeContext';

describe('KSeF Batch Send node', () => {
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

	it('one result per input item, in order, paired; a bad item gets its own error and the rest are sent', async () => {
		const files = [makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NB') }), Buffer.from('<nope/>'), makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NB') })];
		const ctx = executeContext({
			...xmlItems(files),
			parameters: { inputMode: 'invoices', invoiceSource: 'binary', binaryPropertyName: 'data', options: { attachUpo: true, partSizeMb: 1 } },
			credentials,
			continueOnFail: true,
		});
		const [out] = await new KsefBatchSend().execute.call(ctx);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.outcome).toBe('accepted');
		expect(out[1].json.error).toMatch(/root element <nope>/);
		expect(out[2].json.outcome).toBe('accepted');
		expect(out[0].json.invoiceFileName).toMatch(/^000001_NB-/);
		expect(out[0].binary?.upo?.mimeType).toBe('application/xml');
	});

	it('sends a ready ZIP and returns one item per invoice in it', async () => {
		const zip = await zipOf([1, 2, 3].map((i) => ({ name: `z-${i}.xml`, data: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NZ') }) })));
		const ctx = executeContext({
			items: [{ json: {}, binary: { data: { data: '', mimeType: 'application/zip', fileName: 'month.zip' } } }],
			binaries: { 0: { data: zip } },
			parameters: { inputMode: 'zip', zipBinaryPropertyName: 'data', options: {} },
			credentials,
		});
		Object.assign(ctx.helpers, { assertBinaryData: () => ({ data: '', mimeType: 'application/zip', fileName: 'month.zip' }) });
		const [out] = await new KsefBatchSend().execute.call(ctx);
		expect(out.map((item) => item.json.invoiceFileName).sort()).toEqual(['z-1.xml', 'z-2.xml', 'z-3.xml']);
		expect(out.every((item) => item.json.outcome === 'accepted' && item.json.zipFileName === 'month.zip')).toBe(true);
	});

	it('a ready ZIP sent without waiting still gives its item, pending with the session to check: no reference is lost', async () => {
		const zip = await zipOf([1, 2].map((i) => ({ name: `w-${i}.xml`, data: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NW') }) })));
		const ctx = executeContext({
			items: [{ json: {}, binary: { data: { data: '', mimeType: 'application/zip', fileName: 'later.zip' } } }],
			binaries: { 0: { data: zip } },
			parameters: { inputMode: 'zip', zipBinaryPropertyName: 'data', options: { waitForProcessing: false } },
			credentials,
		});
		Object.assign(ctx.helpers, { assertBinaryData: () => ({ data: '', mimeType: 'application/zip', fileName: 'later.zip' }) });
		const [out] = await new KsefBatchSend().execute.call(ctx);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ outcome: 'pending', zipFileName: 'later.zip', invoicesListed: 0 });
		expect(Object.keys(sim.simulator.state.sessions)).toContain(out[0].json.sessionReferenceNumber);
		expect(out[0].json.problem).toMatch(/Check Status/);
	});
});
