/**
 * What a failed connection means, in words. The system error code (ECONNREFUSED, ENOTFOUND…) is kept out of
 * the message on purpose: n8n replaces any message containing one with its own generic sentence, and the advice
 * below would be lost. The code stays available on the error for logs and tests.
 */
export interface NetworkFailure {
	/** Completes "Could not reach KSeF at <origin> (<request>): …". */
	what: string;
	/** What to do about it. */
	advice: string;
	code?: string;
}

const CHECK_URL = 'Check the environment (or custom base URL) in the KSeF API credential';

export function describeNetworkFailure(error: unknown): NetworkFailure {
	const code = errorCode(error);
	const reason = error instanceof Error ? error.message : String(error);
	if (/\b407\b/.test(reason) || /proxy.*auth/i.test(reason)) {
		return {
			code,
			what: 'the HTTP proxy asked for credentials (407 Proxy Authentication Required)',
			advice: 'Give n8n the proxy user and password in its proxy setting (HTTPS_PROXY=http://user:password@proxy:port), or ask the network administrator to let n8n reach KSeF.',
		};
	}
	switch (code) {
		case 'ECONNREFUSED':
			return { code, what: 'the connection was refused: nothing answers at that address and port', advice: `${CHECK_URL}; for a custom URL, that the server is running. Behind a proxy, check HTTPS_PROXY.` };
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return { code, what: 'the host name could not be resolved (no such host, or no DNS from this machine)', advice: `${CHECK_URL} for a typo in the host name, and that this machine has DNS and internet access.` };
		case 'ECONNRESET':
		case 'UND_ERR_SOCKET':
		case 'EPIPE':
			return { code, what: 'the connection was closed unexpectedly', advice: 'Usually a passing network problem: run the workflow again. If it keeps happening, a proxy or firewall may be cutting connections to KSeF.' };
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return { code, what: 'the connection timed out', advice: `${CHECK_URL}, and that a firewall or proxy lets this machine reach it.` };
		case 'UND_ERR_HEADERS_TIMEOUT':
		case 'UND_ERR_BODY_TIMEOUT':
			return { code, what: 'KSeF did not answer in time', advice: 'KSeF may be overloaded: try again later. Nothing is lost: a send is looked up before it is repeated.' };
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return { code, what: 'the host is unreachable from this machine', advice: 'Check this machine\'s network connection and routing (or the proxy settings).' };
		default:
			if (code && /CERT|TLS|SSL/i.test(code)) {
				return {
					code,
					what: `the server's TLS certificate was not accepted (${reason})`,
					advice: 'A proxy that inspects HTTPS needs its CA certificate given to n8n (NODE_EXTRA_CA_CERTS); otherwise check the base URL.',
				};
			}
			return { code, what: scrubCodes(reason), advice: `${CHECK_URL}, the network, and any HTTPS_PROXY setting.` };
	}
}

// Node wraps some connection failures (several addresses tried) in an AggregateError whose code is on the errors.
function errorCode(error: unknown): string | undefined {
	const direct = (error as { code?: unknown } | undefined)?.code;
	if (typeof direct === 'string' && direct) return direct;
	const nested = (error as { errors?: unknown[] } | undefined)?.errors?.[0] ?? (error as { cause?: unknown } | undefined)?.cause;
	return nested && nested !== error ? errorCode(nested) : undefined;
}

/** System error codes turned into words, so n8n does not replace the whole message (see above). */
export function scrubCodes(text: string): string {
	return text.replace(/\b(?:connect |getaddrinfo |read |write )?(E[A-Z]{3,}|GETADDRINFO)\b/g, (whole, code: string) => `error ${code.toLowerCase()}`);
}
