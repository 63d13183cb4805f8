import type { LookupFunction } from 'node:net';
import { KsefError } from '../errors/KsefError';

/**
 * Where requests may go, decided by the host application (n8n's SSRF policy, handed in by the nodes; src/ never
 * imports n8n). `checkUrl` runs before every request; `lookup` refuses forbidden addresses at connect time too,
 * so a name that resolves elsewhere after the check (DNS rebinding) is still refused. Redirects are never followed.
 */
export interface EgressPolicy {
	checkUrl(url: URL): Promise<Error | undefined>;
	lookup?: LookupFunction;
}

/** The host's policy refused the address: nothing was sent, and trying again cannot help. */
export class EgressRefusedError extends KsefError {
	readonly advice: string;
	constructor(
		readonly method: string,
		readonly url: URL,
		reason: Error,
	) {
		super(`n8n's outbound request policy refused ${method} ${url.origin}${url.pathname}: ${reason.message}`, { cause: reason });
		this.advice =
			'Nothing was sent. n8n blocks this address (N8N_SSRF_PROTECTION_ENABLED with its blocked IP ranges and host names). Use the TEST, DEMO or PROD environment, or ask the n8n administrator to allow this host (N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES).';
	}
}
