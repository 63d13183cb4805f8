import type { IExecuteFunctions, INode, INodeType, UsableAsToolDescription } from 'n8n-workflow';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefBuildInvoice } from '../../nodes/KsefBuildInvoice/KsefBuildInvoice.node';
import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefInvoicePdf } from '../../nodes/KsefInvoicePdf/KsefInvoicePdf.node';
import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

const PROD = { environment: 'prod', token: 'prod-token-never-used', nip: '9999999999' };
const REFUSED = /refused to send: an AI agent called it on KSeF PROD, where invoices are legally binding/;

/** The node as n8n runs it for an agent: the tool variant's type ends in "Tool" (n8n 2.x), or isToolExecution() says so. */
function asTool(ctx: IExecuteFunctions, how: 'type' | 'isToolExecution' = 'type'): IExecuteFunctions {
	const node = { name: 'KSeF Send Invoice', type: `n8n-nodes-ksef.ksefSendInvoice${how === 'type' ? 'Tool' : ''}`, typeVersion: 1, parameters: {} } as unknown as INode;
	(ctx.getNode as jest.Mock).mockReturnValue(node);
	if (how === 'isToolExecution') (ctx.isToolExecution as jest.Mock).mockReturnValue(true);
	return ctx;
}

describe('the nodes as AI-agent tools', () => {
	const nodes: Array<[string, INodeType]> = [
		['KSeF Send Invoice', new KsefSendInvoice()],
		['KSeF Batch Send', new KsefBatchSend()],
		['KSeF Check Status', new KsefCheckStatus()],
		['KSeF Query Invoices', new KsefQueryInvoices()],
		['KSeF Download', new KsefDownload()],
		['KSeF Build Invoice', new KsefBuildInvoice()],
		['KSeF Invoice PDF', new KsefInvoicePdf()],
	];

	it.each(nodes)('%s tells an agent what it does, and whether it changes anything', (name, node) => {
		const tool = node.description.usableAsTool as UsableAsToolDescription;
		const text = String(tool.replacements?.description);
		expect(text.length).toBeGreaterThan(150);
		if (/Send/.test(name)) expect(text).toMatch(/legally binding.*Use only when the user explicitly asks/s);
		else if (/Build|PDF/.test(name)) expect(text).toMatch(/^Offline only: .*nothing is sent to KSeF/s);
		else expect(text).toMatch(/^Read-only\./);
	});

	describe('sending from an agent is a deliberate choice on PROD', () => {
		let sim: RunningSimulator;
		beforeAll(async () => {
			sim = await startSimulator();
		});
		afterAll(async () => {
			expectSpecCompliance(sim);
			await sim.stop();
		});
		const textItem = (xml: string) => ({ items: [{ json: {} }], parameters: { invoiceSource: 'text', invoiceXml: xml, options: {}, inputMode: 'invoices' } });

		it.each([
			['Send Invoice, tool type', () => new KsefSendInvoice(), 'type'],
			['Send Invoice, isToolExecution', () => new KsefSendInvoice(), 'isToolExecution'],
			['Batch Send, tool type', () => new KsefBatchSend(), 'type'],
		] as const)('%s: refused on PROD by default, before any item is read', async (_name, make, how) => {
			const ctx = asTool(executeContext({ ...textItem('<not read/>'), credentials: PROD }), how);
			const error = (await make().execute.call(ctx).catch((e: unknown) => e)) as Error & { description?: string };
			expect(error.message).toMatch(REFUSED);
			expect(error.description).toMatch(/Nothing was sent.*Allow AI Agents to Send Invoices on PROD/);
			expect(ctx.getInputData).not.toHaveBeenCalled();
		});

		it('a custom base URL that is PROD counts as PROD', async () => {
			const ctx = asTool(executeContext({ ...textItem('<x/>'), credentials: { ...PROD, environment: 'custom', baseUrl: 'https://API.ksef.mf.gov.pl/v2/' } }));
			await expect(new KsefSendInvoice().execute.call(ctx)).rejects.toThrow(REFUSED);
		});

		it('with the credential switch on, the agent gets past the guard (here to the input check, before any request)', async () => {
			const ctx = asTool(executeContext({ ...textItem('not xml'), credentials: { ...PROD, allowAgentSendingOnProd: true } }));
			await expect(new KsefSendInvoice().execute.call(ctx)).rejects.toThrow(/not well-formed XML/);
		});

		it('a workflow without an agent sends on PROD as before (here stopped by the input check)', async () => {
			const ctx = executeContext({ ...textItem('not xml'), credentials: PROD });
			await expect(new KsefSendInvoice().execute.call(ctx)).rejects.toThrow(/not well-formed XML/);
		});

		it('off PROD (TEST, DEMO, a simulator) an agent sends without the switch', async () => {
			const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('AG') }).toString('utf8');
			const ctx = asTool(executeContext({ ...textItem(xml), credentials: { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip } }));
			const [[out]] = await new KsefSendInvoice().execute.call(ctx);
			expect(out.json.outcome).toBe('accepted');
		});
	});
});
