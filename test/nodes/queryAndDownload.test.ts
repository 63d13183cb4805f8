import type { INodeExecutionData } from 'n8n-workflow';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import type { InvoiceOutcome } from '../../src';
import { ksefNumberChecksum } from '../../src/domain/ksefNumber';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

describe('KSeF Query Invoices and Download nodes', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	let sent: InvoiceOutcome[];
	let xmls: Buffer[];
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		xmls = Array.from({ length: 12 }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('ND') }));
		sent = await clientFor(sim).sendInvoices(xmls.map((xml) => ({ xml })));
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const query = async (parameters: Record<string, unknown>) =>
		(await new KsefQueryInvoices().execute.call(executeContext({ items: [{ json: {} }], parameters, credentials })))[0];
	const base = { subjectType: 'Subject1', dateType: 'PermanentStorage', from: new Date(Date.now() - 3_600_000).toISOString(), to: '', filters: {} };

	it('Query: one typed item per invoice; Return All gets all, Limit stops early', async () => {
		const all = await query({ ...base, returnAll: true });
		expect(all.map((item) => item.json.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		expect(typeof all[0].json.grossAmount).toBe('number');
		expect(all[0].json.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(all.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(await query({ ...base, returnAll: false, limit: 3 })).toHaveLength(3);
		const one = await query({ ...base, returnAll: true, filters: { invoiceNumber: sent[4].invoiceNumber, invoiceTypes: ['Vat'] } });
		expect(one.map((item) => item.json.ksefNumber)).toEqual([sent[4].ksefNumber]);
	});

	it('Query: a bad date names the field before any request', async () => {
		await expect(query({ ...base, from: 'yesterday-ish', returnAll: true })).rejects.toThrow(/From "yesterday-ish" is not a date/);
	});

	it('Download: XML as <ksefNumber>.xml identical to what was sent, JSON to map from, and the KOD I link', async () => {
		const items: INodeExecutionData[] = sent.slice(0, 2).map((o) => ({ json: { ksefNumber: o.ksefNumber } }));
		const ctx = executeContext({ items, parameters: { operation: 'invoice', ksefNumber: (i: number) => sent[i].ksefNumber, binaryPropertyName: 'data', options: {} }, credentials });
		const out = (await new KsefDownload().execute.call(ctx))[0];
		expect(out).toHaveLength(2);
		expect(out[1].binary?.data.fileName).toBe(`${sent[1].ksefNumber}.xml`);
		expect(out[1].binary?.data.mimeType).toBe('application/xml');
		expect(Buffer.from(out[1].binary?.data.data ?? '', 'base64').equals(xmls[1])).toBe(true);
		expect((out[1].json.invoice as { Fa: { P_2: string } }).Fa.P_2).toBe(sent[1].invoiceNumber);
		expect(out[1].json.verificationLink).toMatch(/^https:\/\/qr-test\.ksef\.mf\.gov\.pl\/invoice\/9999999999\/15-02-2026\//);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('Download: an unknown number gives its own error item with continueOnFail; the others still download', async () => {
		const unknownBody = '9999999999-20260101-0000000000AB';
		const numbers = [sent[0].ksefNumber, `${unknownBody}-${ksefNumberChecksum(unknownBody)}`, sent[2].ksefNumber];
		const ctx = executeContext({
			items: numbers.map(() => ({ json: {} })),
			parameters: { operation: 'invoice', ksefNumber: (i: number) => numbers[i], binaryPropertyName: 'data', options: { parseJson: false } },
			credentials,
			continueOnFail: true,
		});
		const out = (await new KsefDownload().execute.call(ctx))[0];
		expect(out.map((item) => Boolean(item.json.error))).toEqual([false, true, false]);
		expect(out[1].json.error).toMatch(/has no invoice .* \(21164\)/);
		expect(out[1].json.description).toMatch(/credential’s NIP is the seller or buyer/);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('Download: the export operation emits every invoice in the range', async () => {
		const ctx = executeContext({ items: [{ json: {} }], parameters: { operation: 'export', ...base, binaryPropertyName: 'data', options: { parseJson: false } }, credentials });
		const out = (await new KsefDownload().execute.call(ctx))[0];
		expect(out.map((item) => item.json.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		expect((out[0].json.metadata as { invoiceHash: string }).invoiceHash).toHaveLength(44);
	});
});
