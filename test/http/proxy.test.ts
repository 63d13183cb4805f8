import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { closeAllDispatchers } from '../../src';
import { proxyFromEnvironment } from '../../src/http/transport';
import type { RunningSimulator } from '../simulator';
import { clientFor, startSimulator } from '../support/simulatorClient';

/** A minimal forward proxy for plain HTTP, counting what passes through it. */
function startProxy(): Promise<{ server: Server; url: string; seen: string[] }> {
	const seen: string[] = [];
	const server = createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		const target = new URL(req.url ?? '');
		const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		req.pipe(upstream);
	});
	// undici tunnels through the proxy with CONNECT, for http targets too.
	server.on('connect', (req, client, head) => {
		seen.push(`CONNECT ${req.url}`);
		const [host, port] = String(req.url).split(':');
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

describe('behind a corporate proxy', () => {
	let sim: RunningSimulator;
	const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, ALL_PROXY: process.env.ALL_PROXY };
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		Object.assign(process.env, saved);
		if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
		if (saved.NO_PROXY === undefined) delete process.env.NO_PROXY;
		if (saved.ALL_PROXY === undefined) delete process.env.ALL_PROXY;
		await closeAllDispatchers();
		await sim.stop();
	});

	it('sends every KSeF call through HTTP_PROXY when it is set', async () => {
		const proxy = await startProxy();
		try {
			await closeAllDispatchers();
			process.env.HTTP_PROXY = proxy.url;
			process.env.NO_PROXY = '';
			await clientFor(sim).authenticate();
			const origin = new URL(sim.baseUrl).host;
			expect(proxy.seen.length).toBeGreaterThan(0);
			expect(proxy.seen.every((line) => line === `CONNECT ${origin}` || line.includes(origin))).toBe(true);
		} finally {
			await closeAllDispatchers();
			await new Promise((resolve) => proxy.server.close(resolve));
		}
	});

	it('honours ALL_PROXY as n8n does, when HTTP_PROXY and HTTPS_PROXY are not set', async () => {
		const proxy = await startProxy();
		try {
			await closeAllDispatchers();
			delete process.env.HTTP_PROXY;
			process.env.ALL_PROXY = proxy.url;
			process.env.NO_PROXY = '';
			await clientFor(sim).authenticate();
			expect(proxy.seen).toContain(`CONNECT ${new URL(sim.baseUrl).host}`);
		} finally {
			delete process.env.ALL_PROXY;
			await closeAllDispatchers();
			await new Promise((resolve) => proxy.server.close(resolve));
		}
	});

	it('reads the proxy variables as n8n does: lower case first, ALL_PROXY as the fallback, only http(s) proxies', () => {
		expect(proxyFromEnvironment({ ALL_PROXY: 'http://all:3128' })).toEqual({ httpProxy: 'http://all:3128', httpsProxy: 'http://all:3128' });
		expect(proxyFromEnvironment({ ALL_PROXY: 'http://all:3128', HTTPS_PROXY: 'http://secure:3128' })).toEqual({ httpProxy: 'http://all:3128', httpsProxy: 'http://secure:3128' });
		expect(proxyFromEnvironment({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' })).toEqual({ httpsProxy: 'http://lower:1' });
		expect(proxyFromEnvironment({ ALL_PROXY: 'socks5://all:1080' })).toEqual({});
	});
});
