/** The simulator's fault knobs and restarts: each does what KSeF does (or fails the way KSeF fails). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { clearTokenCache, KsefClient } from '../../src';
import { forgetCertificates } from '../../src/auth/certificates';
import { batchOf } from '../support/batchInvoices';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, startSimulator } from '../support/simulatorClient';

describe('fault knobs', () => {
	it('serves the API only under /v2, as KSeF does', async () => {
		const sim = await startSimulator();
		try {
			const origin = sim.simulator.origin;
			expect((await fetch(`${origin}/v2/security/public-key-certificates`)).status).toBe(200);
			expect((await fetch(`${origin}/security/public-key-certificates`)).status).toBe(404);
			expect((await fetch(`${origin}/v2/upload/x/1`, { method: 'PUT', body: 'x' })).status).toBe(404);
		} finally {
			await sim.stop();
		}
	});

	it('lostAnswer and statusAfter let the handler do its work first; the injections are counted', async () => {
		const sim = await startSimulator({
			faults: [
				{ match: { method: 'POST', path: '/sessions/online' }, fault: { kind: 'lostAnswer' }, times: 1 },
				{ match: { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' }, fault: { kind: 'statusAfter', status: 502 }, times: 1 },
			],
		});
		try {
			const [outcome] = await clientFor(sim).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('FK') }) }]);
			expect(outcome.outcome).toBe('accepted');
			// The lost open opened a session all the same; the 502 came after the invoice was taken in.
			const statuses = (template: string) => sim.simulator.requestLog.filter((entry) => entry.template === template).map((entry) => entry.status);
			expect(statuses('/sessions/online')).toEqual([0, 201]);
			expect(statuses('/sessions/online/{referenceNumber}/invoices')).toEqual([502]);
			expect(Object.keys(sim.simulator.state.sessions)).toHaveLength(2);
			expect(Object.keys(sim.simulator.state.invoices)).toHaveLength(1);
			expect(sim.simulator.injected).toMatchObject({ lostAnswer: 1, statusAfter: 1 });
		} finally {
			await sim.stop();
		}
	});

	it('a lagging list hides fresh invoices that the per-invoice status already shows', async () => {
		const sim = await startSimulator({ delays: { sessionInvoiceListLagMs: 60_000 } });
		try {
			const client = clientFor(sim);
			const [outcome] = await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('LG') }) }]);
			expect(outcome.outcome).toBe('accepted');
			const listed = [];
			for await (const invoice of client.listSessionInvoices(String(outcome.sessionReferenceNumber))) listed.push(invoice);
			expect(listed).toEqual([]);
		} finally {
			await sim.stop();
		}
	});
});

describe('restarts faithful to what KSeF promises (SIGKILL)', () => {
	let dir: string;
	let child: ChildProcess | undefined;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'ksef-sigkill-'));
		clearTokenCache();
	});
	afterEach(() => {
		child?.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	});

	async function freePort(): Promise<number> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		await new Promise((resolve) => server.close(resolve));
		return port;
	}

	async function launch(port: number): Promise<KsefClient> {
		// node itself (not the tsx wrapper), so SIGKILL hits the simulator and not a parent that leaves it running.
		child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cli.ts'), '--port', String(port), '--state', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
		const info = JSON.parse(await new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve))) as { baseUrl: string; token: string; nip: string };
		forgetCertificates(info.baseUrl);
		return new KsefClient({ baseUrl: info.baseUrl, token: info.token, nip: info.nip });
	}

	it('an invoice acknowledged just before SIGKILL is there after the restart, and its verification resumes', async () => {
		const port = await freePort();
		const client = await launch(port);
		const [sent] = await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('KL') }) }], { waitForProcessing: false });
		child?.kill('SIGKILL');
		const restarted = await launch(port);
		let status = await restarted.getInvoiceStatus(String(sent.sessionReferenceNumber), String(sent.invoiceReferenceNumber));
		for (let i = 0; i < 50 && status.status.code < 200; i++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			status = await restarted.getInvoiceStatus(String(sent.sessionReferenceNumber), String(sent.invoiceReferenceNumber));
		}
		expect(status.status.code).toBe(200);
		expect(status.ksefNumber).toEqual(expect.any(String));
	});

	it('a batch closed just before SIGKILL is processed after the restart, each invoice taken in once', async () => {
		const port = await freePort();
		const client = await launch(port);
		const xmls = [1, 2, 3].map(() => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('KB') }));
		let restarting: Promise<KsefClient> | undefined;
		const { outcomes } = await client.sendBatch(batchOf(xmls), {
			maxWaitMs: 60_000,
			onPhase: (phase) => {
				if (phase.phase !== 'closed') return;
				child?.kill('SIGKILL');
				restarting = launch(port);
			},
		});
		await restarting;
		expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
		const listed = [];
		for await (const invoice of client.listSessionInvoices(String(outcomes[0].sessionReferenceNumber))) listed.push(invoice);
		expect(listed).toHaveLength(3);
	});
});
