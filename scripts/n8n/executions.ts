/**
 * Executions of a running n8n, read over its REST API as the editor reads them. A published workflow with a
 * polling trigger runs only there: `n8n execute` starts a workflow from a Manual Trigger, and in its "cli" mode
 * n8n passes a poll node's input through without calling poll() (n8n-core WorkflowExecute.executePollNode).
 */
import type { ExecutionResult } from './executionResult';
import { BROWSER_ID } from './instance';

export interface StoredExecution extends ExecutionResult {
	id: string;
	/** "trigger" for an execution a published workflow's trigger started. */
	mode: string;
}

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
}

/** Statuses of an execution that has not ended yet. */
const UNFINISHED = new Set(['new', 'running', 'waiting']);

async function rest<T>(url: string, cookie: string, path: string): Promise<T> {
	const response = await fetch(`${url}/rest${path}`, { headers: { cookie, 'browser-id': BROWSER_ID } });
	const text = await response.text();
	if (!response.ok) throw new Error(`GET /rest${path} answered ${response.status}: ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: T }).data;
}

/** The ended executions of one workflow, newest first (at most 100, enough for a test or the demo). */
export async function finishedExecutions(url: string, cookie: string, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest<{ results: ExecutionSummary[] }>(url, cookie, `/executions?filter=${filter}&limit=100`);
	return page.results.filter((execution) => !UNFINISHED.has(execution.status));
}

/** One execution with its run data, in the shape `n8n execute --rawOutput` prints (see outputOf). */
export async function readExecution(url: string, cookie: string, id: string): Promise<StoredExecution> {
	const stored = await rest<{ id: string; status: string; finished?: boolean; mode: string; data: string }>(url, cookie, `/executions/${encodeURIComponent(id)}`);
	return { id: stored.id, status: stored.status, finished: stored.finished, mode: stored.mode, data: unflatten(stored.data) as ExecutionResult['data'] };
}

/**
 * Waits until the workflow has ended executions other than `seen`, and returns them, oldest first. Polls once a
 * second; after `timeoutMs` without one, fails saying so.
 */
export async function waitForNewExecutions(url: string, cookie: string, workflowId: string, seen: ReadonlySet<string>, timeoutMs = 90_000): Promise<StoredExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const fresh = (await finishedExecutions(url, cookie, workflowId)).filter((execution) => !seen.has(execution.id));
		if (fresh.length) return await Promise.all(fresh.reverse().map((execution) => readExecution(url, cookie, execution.id)));
		if (Date.now() > deadline) throw new Error(`No new execution of workflow ${workflowId} within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

/**
 * n8n's REST API sends run data in the "flatted" format (circular-safe JSON): a table whose first entry is the
 * root, where every string inside an object or array is the index of the entry holding its value.
 */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const entry = table[index];
		if (typeof entry !== 'object' || entry === null) return entry;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		revived.set(index, copy);
		for (const [key, value] of Object.entries(entry)) (copy as Record<string, unknown>)[key] = typeof value === 'string' ? resolve(Number(value)) : value;
		return copy;
	};
	return resolve(0);
}
