import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAllDispatchers } from '../../src';
import { describeKsefError } from '../../src/errors/describe';
import { KsefApiError } from '../../src/errors/KsefError';
import { HttpClient } from '../../src/http/httpClient';
import { DEFAULTS } from '../../src/config/defaults';

function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
	const server = createServer(handler);
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const client = (baseUrl: string) => new HttpClient(baseUrl, { timeoutMs: 5_000, retry: { ...DEFAULTS.retry, maxAttempts: 1 } });
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => describeKsefError(error));

describe('answers that are not KSeF\'s', () => {
	const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
	afterEach(async () => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		await closeAllDispatchers();
	});

	it('a proxy that wants credentials (407) is named as such, with how to give them', async () => {
		const proxy = await listen((_req, res) => res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end());
		proxy.server.on('connect', (_req, socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n'));
		try {
			await closeAllDispatchers();
			process.env.HTTP_PROXY = proxy.url;
			process.env.NO_PROXY = '';
			const failure = await failureOf(client('http://ksef.example:8080/v2').json({ method: 'GET', path: '/security/public-key-certificates' }));
			expect(failure?.message).toBe('Could not reach KSeF at http://ksef.example:8080 (GET /security/public-key-certificates): the HTTP proxy asked for credentials (407 Proxy Authentication Required)');
			expect(failure?.description).toMatch(/HTTPS_PROXY=http:\/\/user:password@proxy:port/);
		} finally {
			await closeAllDispatchers();
			await new Promise((resolve) => proxy.server.close(resolve));
		}
	});

	it('a base URL without /v2 reaching a web server\'s HTML 404 says to add /v2', async () => {
		const web = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>'));
		try {
			const failure = await failureOf(client(web.url).json({ method: 'POST', path: '/auth/challenge' }));
			expect(failure).toEqual({
				message: `KSeF answered 404 to POST /auth/challenge: the base URL ${web.url} does not end in /v2, where the KSeF 2.0 API lives`,
				description: `Set the custom base URL in the KSeF API credential to ${web.url}/v2 (or pick the TEST, DEMO or PROD environment).`,
			});
		} finally {
			await new Promise((resolve) => web.server.close(resolve));
		}
	});

	it('a 404 from KSeF itself about an invoice keeps KSeF\'s own words', async () => {
		const body = JSON.stringify({ exception: { exceptionDetailList: [{ exceptionCode: 21164, exceptionDescription: 'Faktura o podanym numerze nie istnieje.' }] } });
		const api = await listen((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end(body));
		try {
			const failure = await failureOf(client(`${api.url}/v2`).json({ method: 'GET', path: '/invoices/ksef/x' }));
			expect(failure?.message).toBe('KSeF answered 404 to GET /invoices/ksef/x: 21164: Faktura o podanym numerze nie istnieje.');
		} finally {
			await new Promise((resolve) => api.server.close(resolve));
		}
	});

	it('a 403 from the pre-signed upload storage says the link was refused or expired, not that a permission is missing', () => {
		const upload = new KsefApiError({ httpStatus: 403, method: 'PUT', path: '/upload/part-1', exceptions: [{ code: 403, description: 'AuthenticationFailed', details: [] }], presignedUrl: true });
		const api = new KsefApiError({ httpStatus: 403, method: 'POST', path: '/sessions/online', exceptions: [] });
		expect(describeKsefError(upload).message).toBe('The storage refused the upload link KSeF handed out (403 on PUT /upload/part-1): the link was refused or has expired');
		expect(describeKsefError(upload).description).toMatch(/^Upload links are valid for a limited time/);
		expect(describeKsefError(api).description).toMatch(/lacks the permission/);
	});
});
