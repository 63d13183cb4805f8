/** What the nodes' items say under faults: references kept on error items, pending instead of failed, cancellation. */
import type { INodeExecutionData } from 'n8n-workflow';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import type { RunningSimulator } from '../simulator';
import type { SimulatorOverrides } from '../simulator/options';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from './support/executeContext';

const SEND = { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' };
const files = (n: number) => Array.from({ length: n }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TI') }));

async function withSimulator(overrides: SimulatorOverrides, test: (sim: RunningSimulator, credentials: Record<string, unknown>) => Promise<void>): Promise<void> {
	const sim = await startSimulator(overrides);
	try {
		await test(sim, { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip });
		expectSpecCompliance(sim);
	} finally {
		await sim.stop();
	}
}

const sendInvoice = async (ctx: ReturnType<typeof executeContext>): Promise<INodeExecutionData[]> => (await new KsefSendInvoice().execute.call(ctx))[0];
const batchSend = async (ctx: ReturnType<typeof executeContext>): Promise<INodeExecutionData[]> => (await new KsefBatchSend().execute.call(ctx))[0];

describe('items tell the truth', () => {
	it('Send Invoice, Continue On Fail: a refused invoice’s error item keeps its session and hash; the stop error counts the others', async () => {
		const refusal = { match: SEND, fault: { kind: 'status' as const, status: 429 as const, retryAfterSeconds: 100_000 }, skip: 2, times: 1 };
		await withSimulator({ faults: [refusal] }, async (sim, credentials) => {
			const parameters = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { concurrency: 1 } };
			const out = await sendInvoice(executeContext({ ...xmlItems(files(3)), parameters, credentials, continueOnFail: true }));
			// An error item holds only `error` and `details` (what n8n's error output needs); the references are in details.
			expect(out.map((item) => item.json.outcome ?? (item.json.details as { outcome?: string }).outcome)).toEqual(['accepted', 'accepted', 'failed']);
			expect(out[2].json).toEqual({
				error: expect.stringMatching(/429/),
				details: expect.objectContaining({ sessionReferenceNumber: out[0].json.sessionReferenceNumber, invoiceHash: expect.any(String) }),
			});
		});
		await withSimulator({ faults: [refusal] }, async (sim, credentials) => {
			const parameters = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { concurrency: 1 } };
			const error = (await sendInvoice(executeContext({ ...xmlItems(files(3)), parameters, credentials })).catch((e: unknown) => e)) as { description?: string };
			const session = Object.keys(sim.simulator.state.sessions)[0];
			expect(error.description).toContain(`2 of the 3 invoice(s) of this execution reached KSeF in session ${session} (2 accepted); 1 did not.`);
		});
	});

	it('Send Invoice: a send whose answer is lost and cannot be looked up is pending with its hash, not failed', async () => {
		const faults = [
			{ match: SEND, fault: { kind: 'lostAnswer' as const }, times: 1 },
			{ match: { method: 'GET', path: '/sessions/{referenceNumber}/invoices' }, fault: { kind: 'status' as const, status: 503 as const } },
		];
		await withSimulator({ faults }, async (sim, credentials) => {
			const parameters = { invoiceSource: 'binary', binaryPropertyName: 'data', options: {} };
			const [item] = await sendInvoice(executeContext({ ...xmlItems(files(1)), parameters, credentials }));
			expect(item.json).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String), invoiceHash: expect.any(String), problem: expect.stringMatching(/Check Status/) });
			expect(Object.values(sim.simulator.state.invoices)).toHaveLength(1);
		});
	}, 90_000);

	it('Batch Send: cancelling the execution in n8n stops the wait; items are pending with the session', async () => {
		await withSimulator({ delays: { prolonged150Ms: 60_000 } }, async (_sim, credentials) => {
			const cancel = new AbortController();
			const ctx = executeContext({ ...xmlItems(files(2)), parameters: { inputMode: 'invoices', invoiceSource: 'binary', binaryPropertyName: 'data', options: {} }, credentials });
			(ctx.getExecutionCancelSignal as jest.Mock).mockReturnValue(cancel.signal);
			setTimeout(() => cancel.abort(), 2_000);
			const started = Date.now();
			const out = await batchSend(ctx);
			expect(Date.now() - started).toBeLessThan(8_000);
			for (const item of out) expect(item.json).toMatchObject({ outcome: 'pending', sessionReferenceNumber: expect.any(String) });
		});
	});
});
