/** The simulator as a program: the CLI contract, restarts with --state, timeouts, rate limits. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { start } from './index';
import { FA3, RawKsef } from './support/rawKsef';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, startSimulator } from '../support/simulatorClient';

describe('the simulator as a program', () => {
	it('CLI: prints {baseUrl, token, nip} as its first line, serves, and stops on SIGTERM', async () => {
		const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
		const child = spawn(tsx, [join(__dirname, 'cli.ts'), '--port', '0', '--no-rate-limits'], { stdio: ['ignore', 'pipe', 'inherit'] });
		const lines: string[] = [];
		const reader = createInterface({ input: child.stdout });
		reader.on('line', (line) => lines.push(line));
		await new Promise<void>((resolve) => reader.on('line', (line) => line.startsWith('Private key password') && resolve()));
		const info = JSON.parse(lines[0]) as { baseUrl: string; token: string; nip: string; identities: Array<{ nip: string; token: string }> };
		expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
		expect(info.token).toContain('|');
		// Every ready identity is printed for people too, not only the seller's.
		expect(info.identities.map((identity) => identity.nip)).toEqual(['9999999999', '5265877635']);
		for (const identity of info.identities) expect(lines).toContainEqual(expect.stringContaining(`NIP ${identity.nip}  token ${identity.token}`));
		expect((await fetch(`${info.baseUrl}/security/public-key-certificates`)).status).toBe(200);
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	it('--state: after a restart, sessions and invoices are still there', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ksef-sim-state-'));
		try {
			const first = await startSimulator({ stateDir: dir });
			const [outcome] = await clientFor(first).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('ST') }) }]);
			await first.stop();
			const second = await startSimulator({ stateDir: dir });
			try {
				const client = clientFor(second);
				expect((await client.getInvoiceStatus(String(outcome.sessionReferenceNumber), String(outcome.invoiceReferenceNumber))).ksefNumber).toBe(outcome.ksefNumber);
				expect((await client.downloadInvoice(String(outcome.ksefNumber))).xml.length).toBeGreaterThan(1000);
			} finally {
				await second.stop();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('cancels a batch session that is never closed (440)', async () => {
		const sim = await start({ port: 0, validateResponses: true, limits: { unclosedBatchTimeoutMs: 300 } });
		try {
			const ksef = new RawKsef(sim.baseUrl);
			await ksef.authenticate(sim.token, sim.nip);
			const { encryption } = await ksef.sessionKey();
			const opened = await ksef.call<{ referenceNumber: string }>('POST', '/sessions/batch', {
				formCode: FA3,
				batchFile: { fileSize: 100, fileHash: 'A'.repeat(43) + '=', fileParts: [{ ordinalNumber: 1, fileSize: 112, fileHash: 'A'.repeat(43) + '=' }] },
				encryption,
				offlineMode: false,
			});
			await new Promise((resolve) => setTimeout(resolve, 400));
			const status = await ksef.call<{ status: { code: number } }>('GET', `/sessions/${opened.body.referenceNumber}`);
			expect(status.body.status.code).toBe(440);
			expect(sim.simulator.responseViolations).toEqual([]);
		} finally {
			await sim.stop();
		}
	});

	it('limits sign-in as KSeF does at PRD values: 60 a second per IP, not the 30 a minute of the other group', async () => {
		const sim = await startSimulator();
		try {
			const raw = new RawKsef(sim.baseUrl);
			const statuses = await Promise.all(Array.from({ length: 40 }, () => raw.call('POST', '/auth/challenge')));
			expect(statuses.filter((response) => response.status !== 200)).toEqual([]);
			await expect(clientFor(sim).authenticate()).resolves.toMatchObject({ accessToken: expect.any(String) });
		} finally {
			await sim.stop();
		}
	});

	it('rate limits answer 429 with Retry-After, which the client waits out', async () => {
		const sim = await startSimulator({ rateLimits: { enabled: true, multiplier: 1, overrides: { authentication: { perSecond: 2, perMinute: 100, perHour: 1000 } } } });
		try {
			const raw = new RawKsef(sim.baseUrl);
			const statuses = await Promise.all([1, 2, 3].map(() => raw.call('POST', '/auth/challenge')));
			const refused = statuses.find((response) => response.status === 429);
			expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
			// our client, hitting the same limit during authentication, waits and succeeds
			await expect(clientFor(sim).authenticate()).resolves.toMatchObject({ accessToken: expect.any(String) });
		} finally {
			await sim.stop();
		}
	});
});
