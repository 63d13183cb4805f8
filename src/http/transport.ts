import type { LookupFunction } from 'node:net';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * One keep-alive connection pool per origin (and per egress lookup), shared by every client in the process, so the
 * many small calls of a KSeF session reuse TLS connections. EnvHttpProxyAgent honours HTTP_PROXY / HTTPS_PROXY /
 * NO_PROXY, which self-hosted n8n behind a corporate proxy needs; without those variables it connects directly.
 */
const dispatchers = new Map<LookupFunction | undefined, Map<string, Dispatcher>>();

export function dispatcherFor(origin: string, lookup?: LookupFunction): Dispatcher {
	let pools = dispatchers.get(lookup);
	if (!pools) dispatchers.set(lookup, (pools = new Map()));
	let dispatcher = pools.get(origin);
	if (!dispatcher) {
		dispatcher = new EnvHttpProxyAgent({
			keepAliveTimeout: 30_000,
			connections: 16,
			connect: { timeout: 15_000, ...(lookup ? { lookup } : {}) },
			...proxyFromEnvironment(),
		});
		pools.set(origin, dispatcher);
	}
	return dispatcher;
}

/**
 * The proxies n8n itself uses: HTTP(S)_PROXY, and ALL_PROXY for whichever of the two is not set (undici's agent
 * alone ignores ALL_PROXY). Lower-case names win, as in curl and undici. Only http(s):// proxies can tunnel here.
 */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): { httpProxy?: string; httpsProxy?: string } {
	const pick = (...names: string[]) => names.map((name) => env[name]).find((value) => value !== undefined && value !== '');
	const all = pick('all_proxy', 'ALL_PROXY');
	const usableAll = all && /^https?:\/\//i.test(all) ? all : undefined;
	const httpProxy = pick('http_proxy', 'HTTP_PROXY') ?? usableAll;
	const httpsProxy = pick('https_proxy', 'HTTPS_PROXY') ?? usableAll;
	return { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ? { httpsProxy } : {}) };
}

/** Closes every pool; tests and one-shot scripts call this so the process can exit. */
export async function closeAllDispatchers(): Promise<void> {
	const all = [...dispatchers.values()].flatMap((pools) => [...pools.values()]);
	dispatchers.clear();
	await Promise.all(all.map((dispatcher) => dispatcher.close()));
}
