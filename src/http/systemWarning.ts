/**
 * KSeF 2.6 may add `X-System-Warning` to any response: technical warnings that do not change the result, e.g.
 * that a request may be refused in future (api-changelog.md 2.6.0). openapi.json `SystemWarning`: the value is
 * ASCII-folded, `[code]: message | [code]: message`.
 */
export interface SystemWarning {
	/** KSeF's code for the warning, when the header follows the documented format. */
	code?: string;
	message: string;
	/** The request that got the warning, e.g. `POST /sessions/online`. */
	request: string;
}

const ONE_WARNING = /\[([^\]]+)\]: ([^|]+)/g;

export function parseSystemWarnings(header: string | undefined, request: string): SystemWarning[] {
	const text = header?.trim();
	if (!text) return [];
	const warnings = [...text.matchAll(ONE_WARNING)].map((match) => ({ code: match[1].trim(), message: match[2].trim(), request }));
	// A value outside the documented format is still a warning worth passing on whole.
	return warnings.length > 0 ? warnings : [{ message: text, request }];
}

/** One line for a log or an execution hint. */
export function describeSystemWarning(warning: SystemWarning): string {
	return `KSeF warning${warning.code ? ` [${warning.code}]` : ''} on ${warning.request}: ${warning.message}`;
}
