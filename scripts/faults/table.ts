import { MUST_BE_ZERO, type AuditRow } from './audit';
import type { ScenarioResult } from './runScenario';

const COLUMNS: Array<[keyof ScenarioResult, string]> = [
	['fault', 'fault'],
	['node', 'node'],
	['invoices', 'invoices'],
	['injections', 'injections seen'],
	['ksefNumbers', 'KSeF numbers issued'],
	['accepted', 'accepted'],
	['duplicate', 'duplicate'],
	['rejected', 'rejected'],
	['pending', 'pending'],
	['failed', 'failed'],
	['acceptedReportedFailed', '**accepted but reported failed/rejected**'],
	['issuedTwice', '**issued twice**'],
	['lost', '**lost**'],
	['notExactlyOneOutput', '**items without exactly one output**'],
	['sessionsLeftOpen', '**sessions left open**'],
	['tokenLeaks', '**token leaks**'],
	['seconds', 's'],
];

/** The results as a Markdown table (it reads in a terminal and pastes into the README as it is). */
export function markdownTable(results: ScenarioResult[]): string {
	const lines = [`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`];
	for (const result of results) {
		lines.push(`| ${COLUMNS.map(([key]) => (key === 'seconds' ? result.seconds.toFixed(1) : String(result[key]))).join(' | ')} |`);
	}
	return lines.join('\n');
}

/** Rows with a non-zero bold column (or a node that threw), for the exit code and the tests. */
export function violations(results: ScenarioResult[]): ScenarioResult[] {
	return results.filter((result) => result.nodeError !== undefined || MUST_BE_ZERO.some((key: keyof AuditRow) => result[key] !== 0));
}
