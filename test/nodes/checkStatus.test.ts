import type { ICredentialTestFunctions, INodeExecutionData } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';
import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { ksefApiCredentialTest } from '../../nodes/shared/credentialTest';
import type { InvoiceOutcome } from '../../src';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

describe('KSeF Check Status node', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	let sent: InvoiceOutcome[];
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		const bad = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('B'), issueDate: '2049-01-01' });
		sent = await clientFor(sim).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('A') }) }, { xml: bad }]);
		// Let the session reach 200 so its UPO exists.
		await new Promise((resolve) => setTimeout(resolve, 600));
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const run = async (parameters: Record<string, unknown>, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) =>
		(await new KsefCheckStatus().execute.call(executeContext({ items, parameters, credentials, continueOnFail })))[0];

	it('session status explains its code and lists the UPO pages', async () => {
		const [item] = await run({ operation: 'sessionStatus', sessionReferenceNumber: sent[0].sessionReferenceNumber });
		expect(item.json).toMatchObject({ statusCode: 200, invoiceCount: 2, successfulInvoiceCount: 1, failedInvoiceCount: 1 });
		expect(item.json.explanation).toMatch(/UPO is ready/);
		expect((item.json.upoPages as string[]).length).toBe(1);
	});

	it('invoice status gives the same shape as Send Invoice', async () => {
		const [item] = await run({ operation: 'invoiceStatus', sessionReferenceNumber: sent[0].sessionReferenceNumber, invoiceReferenceNumber: sent[0].invoiceReferenceNumber });
		expect(item.json).toMatchObject({ outcome: 'accepted', ksefNumber: sent[0].ksefNumber, statusCode: 200 });
	});

	it('lists a session’s invoices, or only the failed ones, honouring Limit', async () => {
		const all = await run({ operation: 'listInvoices', sessionReferenceNumber: sent[0].sessionReferenceNumber, returnAll: true });
		expect(all.map((item) => item.json.outcome).sort()).toEqual(['accepted', 'rejected']);
		const failed = await run({ operation: 'listInvoices', sessionReferenceNumber: sent[0].sessionReferenceNumber, failedOnly: true, returnAll: true });
		expect(failed.map((item) => item.json.statusCode)).toEqual([450]);
		const limited = await run({ operation: 'listInvoices', sessionReferenceNumber: sent[0].sessionReferenceNumber, returnAll: false, limit: 1 });
		expect(limited).toHaveLength(1);
	});

	it('downloads UPOs as binary: per invoice, by KSeF number, and for the whole session', async () => {
		const session = sent[0].sessionReferenceNumber;
		const [byRef] = await run({ operation: 'downloadUpo', upoScope: 'invoiceReference', sessionReferenceNumber: session, invoiceReferenceNumber: sent[0].invoiceReferenceNumber, binaryPropertyName: 'upo' });
		const [byNumber] = await run({ operation: 'downloadUpo', upoScope: 'ksefNumber', sessionReferenceNumber: session, ksefNumber: sent[0].ksefNumber, binaryPropertyName: 'upo' });
		const pages = await run({ operation: 'downloadUpo', upoScope: 'session', sessionReferenceNumber: session, binaryPropertyName: 'upo' });
		for (const item of [byRef, byNumber, ...pages]) {
			expect(Buffer.from(item.binary?.upo?.data ?? '', 'base64').toString('utf8')).toContain(String(sent[0].ksefNumber));
			expect(item.binary?.upo?.mimeType).toBe('application/xml');
		}
	});

	it('gives one error item per failed input with continueOnFail, paired to it', async () => {
		const out = await run(
			{ operation: 'sessionStatus', sessionReferenceNumber: (i: number) => (i === 0 ? sent[0].sessionReferenceNumber : '20260101-SO-0000000000-0000000000-00') },
			[{ json: {} }, { json: {} }],
			true,
		);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[1].json.error).toMatch(/21173/);
		expect((out[1].json.details as { description: string }).description).toMatch(/No session with this reference/);
	});

	it('authentication status shows the current session', async () => {
		const [item] = await run({ operation: 'authStatus' });
		expect(item.json).toMatchObject({ authenticated: true });
		expect((item.json.currentSession as { isCurrent: boolean }).isCurrent).toBe(true);
	});

	it('the credential test authenticates for real and reports failures in words', async () => {
		const ctx = mock<ICredentialTestFunctions>();
		const ok = await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: credentials as never });
		expect(ok).toMatchObject({ status: 'OK' });
		const wrongNip = await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: { ...credentials, nip: '5265877635' } as never });
		expect(wrongNip.status).toBe('Error');
		expect(wrongNip.message).toMatch(/450.*Context NIP/s);
		const unreachable = await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: { ...credentials, baseUrl: 'http://127.0.0.1:9/v2' } as never });
		expect(unreachable.message).toMatch(/Could not reach KSeF/);
		expect(JSON.stringify([ok, wrongNip, unreachable])).not.toContain(sim.token);
	});
});
