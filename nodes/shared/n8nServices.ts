import type { IExecuteFunctions, Logger, NodeEgressFilter } from 'n8n-workflow';
import type { EgressPolicy, KsefClientOptions, RequestEvent } from '../../src';
import { name as packageName, version as packageVersion } from '../../package.json';

/** What n8n gives a node that brings its own HTTP client, in the client's terms (src/ never imports n8n). */
export type N8nServices = Pick<KsefClientOptions, 'userAgent' | 'egress' | 'signal' | 'onRequest'>;

/**
 * n8n's outbound User-Agent (its HttpRequestConfig: N8N_ENFORCE_GLOBAL_USER_AGENT with N8N_GLOBAL_USER_AGENT_VALUE,
 * otherwise its legacy "n8n"), followed by this package's name and version, so KSeF's operators and a proxy's logs
 * can tell which integration sent a request.
 */
// n8n has no helper that hands nodes its User-Agent; its own setting lives in the environment.
export function userAgent(env: NodeJS.ProcessEnv = process.env): string {
	const enforced = env.N8N_ENFORCE_GLOBAL_USER_AGENT === 'true' && env.N8N_GLOBAL_USER_AGENT_VALUE;
	return `${enforced || 'n8n'} ${packageName}/${packageVersion}`;
}

/**
 * n8n's SSRF policy for our own transport: the URL check before each request and the secure DNS lookup at connect
 * time. One adapter per filter object, so the connection pools keyed by its lookup are reused across executions.
 */
const policies = new WeakMap<NodeEgressFilter, EgressPolicy>();
export function egressPolicy(filter: NodeEgressFilter): EgressPolicy {
	let policy = policies.get(filter);
	if (!policy) {
		policy = {
			checkUrl: async (url) => {
				const result = await filter.validateUrl(url);
				return result.ok ? undefined : result.error;
			},
			lookup: filter.createSecureLookup(),
		};
		policies.set(filter, policy);
	}
	return policy;
}

/** One debug line per KSeF request: method, path, status, attempt, duration. Never headers or bodies. */
export function requestLogger(logger: Logger | undefined): ((event: RequestEvent) => void) | undefined {
	if (typeof logger?.debug !== 'function') return undefined;
	return (event) =>
		logger.debug(`KSeF ${event.method} ${event.path} → ${event.status ?? 'no answer'} (attempt ${event.attempt}, ${event.durationMs} ms)`, {
			method: event.method,
			path: event.path,
			status: event.status,
			attempt: event.attempt,
			durationMs: event.durationMs,
			// Network failures only: their text is ours. An error answer's text may quote KSeF's body, so it stays out.
			...(event.status === undefined && event.error ? { error: event.error } : {}),
		});
}

/** What nodes and poll triggers alike get from n8n; only executions have a cancel signal. */
type ServicesContext = Pick<IExecuteFunctions, 'logger'> & {
	helpers: Partial<Pick<IExecuteFunctions['helpers'], 'getSecureEgressFilter'>>;
	getExecutionCancelSignal?: IExecuteFunctions['getExecutionCancelSignal'];
};

export function n8nServices(ctx: ServicesContext): N8nServices {
	// Older n8n versions have no egress filter; they had no SSRF policy to honour either.
	const filter = typeof ctx.helpers.getSecureEgressFilter === 'function' ? ctx.helpers.getSecureEgressFilter() : undefined;
	return {
		userAgent: userAgent(),
		egress: filter ? egressPolicy(filter) : undefined,
		signal: typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined,
		onRequest: requestLogger(ctx.logger),
	};
}
