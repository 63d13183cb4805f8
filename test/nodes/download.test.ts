import type { INodeExecutionData } from 'n8n-workflow';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import type { InvoiceOutcome } from '../../src';
import { ksefNumberChecksum } from '../../src/domain/ksefNumber';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

const unknownNumber = (() => {
	const first32 = '9999999999-20260101-0000000000AB';
	return `${first32}-${ksefNumberChecksum(first32)}`;
})();

describe('KSeF Download node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	let sent: InvoiceOutcome[];
	let xmls: Buffer[];
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		xmls = Array.from({ length: 4 }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('ND') }));
		sent = await clientFor(sim).sendInvoices(xmls.map((xml) => ({ xml })), { waitForProcessing: true });
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const run = async (items: INodeExecutionData[], parameters: Record<string, unknown>, continueOnFail = false) =>
		(await new KsefDownload().execute.call(executeContext({ items, parameters, credentials, continueOnFail })))[0];

	it('Download Invoice: the XML as <ksefNumber>.xml identical to what was sent, JSON to map from, and the KOD I link', async () => {
		const items = sent.slice(0, 2).map((o) => ({ json: { ksefNumber: o.ksefNumber } }));
		const out = await run(items, { operation: 'downloadInvoice', ksefNumber: (i: number) => sent[i].ksefNumber, binaryPropertyName: 'data', options: {} });
		expect(out).toHaveLength(2);
		expect(out[1].binary?.data.fileName).toBe(`${sent[1].ksefNumber}.xml`);
		expect(out[1].binary?.data.mimeType).toBe('application/xml');
		expect(Buffer.from(out[1].binary?.data.data ?? '', 'base64').equals(xmls[1])).toBe(true);
		expect(out[1].json).toMatchObject({ ksefNumber: sent[1].ksefNumber, invoiceNumber: sent[1].invoiceNumber, issueDate: '2026-02-15', grossAmount: '2051' });
		expect((out[1].json.invoice as { Fa: { P_2: string; FaWiersz: unknown[] } }).Fa.P_2).toBe(sent[1].invoiceNumber);
		expect(out[1].json.verificationLink).toMatch(/^https:\/\/qr-test\.ksef\.mf\.gov\.pl\/invoice\/9999999999\/15-02-2026\/[\w-]{43}$/);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('Download Invoice: an unknown number gives its own error item with Continue On Fail; the others still download', async () => {
		const numbers = [sent[0].ksefNumber, unknownNumber, sent[2].ksefNumber];
		const out = await run(
			numbers.map(() => ({ json: {} })),
			{ operation: 'downloadInvoice', ksefNumber: (i: number) => numbers[i], binaryPropertyName: 'data', options: { parseJson: false, concurrency: 2 } },
			true,
		);
		expect(out.map((item) => Boolean(item.json.error))).toEqual([false, true, false]);
		expect(out[1].json.error).toBe(`KSeF has no invoice with KSeF number ${unknownNumber} in this context (21164) [item 1]`);
		expect((out[1].json.details as { description: string }).description).toMatch(/NIP is the seller or buyer/);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.invoice).toBeUndefined();
	});

	it('Download Invoice: without Continue On Fail the unknown number stops the node with the item named', async () => {
		await expect(run([{ json: {} }], { operation: 'downloadInvoice', ksefNumber: unknownNumber, binaryPropertyName: 'data', options: {} })).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
	});

	it('Download Invoice UPO: the UPO of an invoice by session and KSeF number', async () => {
		const out = await run([{ json: {} }], {
			operation: 'downloadUpo',
			sessionReferenceNumber: sent[0].sessionReferenceNumber,
			ksefNumber: sent[0].ksefNumber,
			binaryPropertyName: 'upo',
		});
		expect(out[0].binary?.upo.fileName).toBe(`UPO-${sent[0].ksefNumber}.xml`);
		expect(Buffer.from(out[0].binary?.upo.data ?? '', 'base64').toString('utf8')).toContain(String(sent[0].ksefNumber));
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('Export Invoices: one item per invoice of the range, with XML, metadata and pairedItem', async () => {
		const out = await run([{ json: {} }], {
			operation: 'exportInvoices',
			subjectType: 'Subject1',
			dateType: 'PermanentStorage',
			from: new Date(Date.now() - 3_600_000).toISOString(),
			to: '',
			filters: {},
			binaryPropertyName: 'data',
			options: { parseJson: false },
		});
		expect(out.map((item) => item.json.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		const first = out.find((item) => item.json.ksefNumber === sent[0].ksefNumber);
		expect(Buffer.from(first?.binary?.data.data ?? '', 'base64').equals(xmls[0])).toBe(true);
		expect((first?.json.metadata as { invoiceHash: string }).invoiceHash).toHaveLength(44);
		expect(out.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});
});
