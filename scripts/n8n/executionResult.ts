/** What `n8n execute --rawOutput` prints, and how to get it out of the log lines around it. */

export interface BinaryReference {
	/** "filesystem-v2:workflows/…" in n8n 2.x: the bytes are on disk under <home>/.n8n/storage, not in the JSON. */
	id?: string;
	fileName?: string;
	mimeType?: string;
}

export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryReference>;
}

export interface NodeRun {
	data?: { main: Array<Array<OutputItem> | null> };
	error?: { message: string };
	executionStatus?: string;
}

/** The run data of every node; `status` is "success" or "error", whether or not the CLI exited with 0. */
export interface ExecutionResult {
	status: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message: string; description?: string; node?: { name: string } };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * The result JSON in the CLI's stdout, or undefined. Even with --rawOutput, n8n prints log lines first (task
 * broker, Python runner, license) and may print more after, and any of them could begin with "{"; so each line
 * that opens an object is tried, up to the end or up to a closing "}" line, until one parses as a run result.
 */
export function parseExecuteOutput(stdout: string): ExecutionResult | undefined {
	const starts = [...stdout.matchAll(/^\{/gm)].map((match) => match.index ?? 0);
	const ends = [...stdout.matchAll(/^\}\s*$/gm)].map((match) => (match.index ?? 0) + 1);
	for (const start of starts) {
		const candidates = [stdout.length, ...ends.filter((end) => end > start).reverse()];
		for (const end of candidates) {
			const parsed = tryParse(stdout.slice(start, end));
			if (isExecutionResult(parsed)) return parsed;
		}
	}
	return undefined;
}

/** The items a node emitted on its first output, over all its runs. */
export function outputOf(result: ExecutionResult, nodeName: string): OutputItem[] {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs) {
		const { lastNodeExecuted, error } = result.data.resultData;
		throw new Error(`Node "${nodeName}" did not run. Last node: ${lastNodeExecuted ?? '-'}; error: ${error?.message ?? '-'}`);
	}
	return runs.flatMap((entry) => entry.data?.main[0] ?? []);
}

function tryParse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function isExecutionResult(value: unknown): value is ExecutionResult {
	if (typeof value !== 'object' || value === null || !('data' in value)) return false;
	const data = (value as { data: unknown }).data;
	return typeof data === 'object' && data !== null && 'resultData' in data;
}
