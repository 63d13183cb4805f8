/** One problem xmllint found, reduced to what a person fixing the invoice needs. */
export interface SchemaError {
	line?: number;
	/** The element xmllint names, without its namespace, e.g. `P_2`. */
	element?: string;
	message: string;
}

export interface XmllintVerdict {
	/** xmllint printed "<file> validates". */
	validates: boolean;
	errors: SchemaError[];
}

// xmllint's stderr, one line per event: "<file>:<line>: <kind> error : <text>", then for parser errors the
// offending source line and a caret line, and per file "<file> validates" or "<file> fails to validate".
const LOCATED_LINE = /^(.+?):(\d+): (.*)$/;
const NAMESPACE = /\{[^}]*\}/g;

/**
 * Sorts xmllint's output back to the files it came from. xmllint-wasm's own `errors` list is not used: it
 * mistakes the echoed source and caret lines of parser errors for errors of their own.
 */
export function parseXmllintOutput(output: string, fileNames: readonly string[]): Map<string, XmllintVerdict> {
	const verdicts = new Map<string, XmllintVerdict>(fileNames.map((name) => [name, { validates: false, errors: [] }]));
	for (const line of output.split('\n')) {
		const verdictMatch = /^(.+) (validates|fails to validate)$/.exec(line);
		const verdictOwner = verdictMatch && verdicts.get(verdictMatch[1]);
		if (verdictMatch && verdictOwner) {
			verdictOwner.validates ||= verdictMatch[2] === 'validates';
			continue;
		}
		const located = LOCATED_LINE.exec(line);
		const owner = located && verdicts.get(located[1]);
		if (!located || !owner || /\bwarning\b\s*:/.test(located[3])) continue;
		owner.errors.push(toSchemaError(Number(located[2]), located[3]));
	}
	return verdicts;
}

function toSchemaError(line: number, raw: string): SchemaError {
	const element = /Element '([^']+)'/.exec(raw)?.[1]?.replace(NAMESPACE, '');
	const message = raw
		.replace(/^Schemas validity error : /, '')
		.replace(/^(?:parser|namespace) error : /, 'Not well-formed XML: ')
		.replace(NAMESPACE, '')
		.trim();
	return { line, element, message };
}
