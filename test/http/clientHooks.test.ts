import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAllDispatchers, EgressRefusedError } from '../../src';
import { HttpClient } from '../../src/http/httpClient';

/** A server that records what reached it and answers {} (or never, for the cancellation test). */
function startServer(hang = false): Promise<{ server: Server; url: string; seen: Array<{ path?: string; userAgent?: string }> }> {
	const seen: Array<{ path?: string; userAgent?: string }> = [];
	const server = createServer((req, res) => {
		seen.push({ path: req.url, userAgent: req.headers['user-agent'] });
		if (!hang) res.end('{}');
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, seen })));
}

const retry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 };

describe('the hooks the n8n layer passes into the client (user agent, egress policy, cancel signal)', () => {
	let target: Awaited<ReturnType<typeof startServer>>;
	beforeAll(async () => {
		target = await startServer();
	});
	afterAll(async () => {
		await closeAllDispatchers();
		target.server.closeAllConnections();
		await new Promise((resolve) => target.server.close(resolve));
	});

	it('sends the User-Agent it is given', async () => {
		await new HttpClient(target.url, { timeoutMs: 5000, retry, userAgent: 'n8n n8n-nodes-ksef/9.9.9' }).json({ method: 'GET', path: '/ping' });
		expect(target.seen.at(-1)).toEqual({ path: '/v2/ping', userAgent: 'n8n n8n-nodes-ksef/9.9.9' });
	});

	it('asks the egress policy before every request; a refusal sends nothing, is not retried and says what to change', async () => {
		const before = target.seen.length;
		const checked: string[] = [];
		const client = new HttpClient(target.url, {
			timeoutMs: 5000,
			retry,
			egress: { checkUrl: async (url) => (checked.push(url.href), new Error('blocked by policy')) },
		});
		const error = await client.json({ method: 'GET', path: '/ping', query: { a: 1 } }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(EgressRefusedError);
		expect((error as Error).message).toBe(`n8n's outbound request policy refused GET ${target.url}/ping: blocked by policy`);
		expect(checked).toEqual([`${target.url}/ping?a=1`]);
		expect(target.seen.length).toBe(before);
	});

	it('uses the policy’s DNS lookup when connecting, so a name is checked again at connect time', async () => {
		const looked: string[] = [];
		const lookup = ((hostname: string, options: unknown, callback: (error: Error | null, address: string, family: number) => void) => {
			looked.push(hostname);
			callback(new Error(`${hostname} resolves to a blocked address`), '', 4);
		}) as unknown as NonNullable<ConstructorParameters<typeof HttpClient>[1]['egress']>['lookup'];
		const client = new HttpClient(target.url.replace('127.0.0.1', 'localhost'), { timeoutMs: 5000, retry: { ...retry, maxAttempts: 1 }, egress: { checkUrl: async () => undefined, lookup } });
		await expect(client.json({ method: 'GET', path: '/ping' })).rejects.toThrow(/Could not reach KSeF/);
		expect(looked).toContain('localhost');
	});

	it('stops at once when the execution is cancelled, with the request still waiting for an answer', async () => {
		const hanging = await startServer(true);
		try {
			const controller = new AbortController();
			const client = new HttpClient(hanging.url, { timeoutMs: 60_000, retry, signal: controller.signal });
			const pending = client.json({ method: 'GET', path: '/slow' });
			await new Promise((resolve) => setTimeout(resolve, 100));
			controller.abort();
			await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
			expect(hanging.seen).toHaveLength(1);
		} finally {
			hanging.server.closeAllConnections();
			await new Promise((resolve) => hanging.server.close(resolve));
		}
	});
});
