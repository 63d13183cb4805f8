import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import type { InvoiceOutcome } from '../../src';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

describe('KSeF Query Invoices node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	let sent: InvoiceOutcome[];
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		sent = await clientFor(sim).sendInvoices(Array.from({ length: 12 }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('NQ') }) })));
		await new Promise((resolve) => setTimeout(resolve, 700));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const base = { subjectType: 'Subject1', dateType: 'PermanentStorage', from: new Date(Date.now() - 3_600_000).toISOString(), to: '', filters: {} };
	const query = async (parameters: Record<string, unknown>, items = [{ json: {} }], continueOnFail = false) =>
		(await new KsefQueryInvoices().execute.call(executeContext({ items, parameters, credentials, continueOnFail })))[0];

	it('returns one item per invoice with typed metadata, all paired to the input item', async () => {
		const all = await query({ ...base, returnAll: true });
		expect(all.map((item) => item.json.ksefNumber).sort()).toEqual(sent.map((o) => o.ksefNumber).sort());
		expect(typeof all[0].json.grossAmount).toBe('number');
		expect(all[0].json.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(all.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops at Limit when Return All is off', async () => {
		expect(await query({ ...base, returnAll: false, limit: 3 })).toHaveLength(3);
	});

	it('applies the filters collection', async () => {
		const one = await query({ ...base, returnAll: true, filters: { invoiceNumber: sent[4].invoiceNumber, invoiceTypes: ['Vat'], currencyCodes: 'pln', hasAttachment: 'false' } });
		expect(one.map((item) => item.json.ksefNumber)).toEqual([sent[4].ksefNumber]);
	});

	it('accepts a Luxon-like date from an expression', async () => {
		const from = { toISO: () => base.from };
		expect(await query({ ...base, from, returnAll: false, limit: 1 })).toHaveLength(1);
	});

	it('names a bad date before any request, and gives an error item per failing input with Continue On Fail', async () => {
		await expect(query({ ...base, from: 'yesterday-ish', returnAll: true })).rejects.toThrow(/From "yesterday-ish" is not a date/);
		const out = await query({ ...base, from: (i: number) => (i === 0 ? 'nope' : base.from), returnAll: false, limit: 2 }, [{ json: {} }, { json: {} }], true);
		expect(out[0].json.error).toMatch(/From "nope" is not a date/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out.slice(1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
	});
});
