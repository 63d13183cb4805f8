import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * One keep-alive connection pool per origin, shared by every client in the process, so the many small calls of
 * a KSeF session reuse TLS connections. EnvHttpProxyAgent honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY, which
 * self-hosted n8n behind a corporate proxy needs; without those variables it connects directly.
 */
const dispatchers = new Map<string, Dispatcher>();

export function dispatcherFor(origin: string): Dispatcher {
	let dispatcher = dispatchers.get(origin);
	if (!dispatcher) {
		dispatcher = new EnvHttpProxyAgent({ keepAliveTimeout: 30_000, connections: 16, connect: { timeout: 15_000 } });
		dispatchers.set(origin, dispatcher);
	}
	return dispatcher;
}

/** Closes every pool; tests and one-shot scripts call this so the process can exit. */
export async function closeAllDispatchers(): Promise<void> {
	const all = [...dispatchers.values()];
	dispatchers.clear();
	await Promise.all(all.map((dispatcher) => dispatcher.close()));
}
