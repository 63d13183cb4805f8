/**
 * `npm run faults [-- --invoices N] [--only TEXT]`: every fault of scenarios.ts against Send Invoice and Batch
 * Send, each in a fresh simulator; prints one table and exits 1 when any bold column is not zero.
 */
import { closeAllDispatchers } from '../../src/http/transport';
import { runScenario, type ScenarioResult } from './runScenario';
import { scenarios } from './scenarios';
import { markdownTable, violations } from './table';

function argValue(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const invoices = Number(argValue('--invoices') ?? 100);
	const only = argValue('--only');
	const selected = scenarios(invoices).filter((scenario) => !only || `${scenario.fault} ${scenario.node}`.includes(only));
	const results: ScenarioResult[] = [];
	for (const scenario of selected) {
		process.stderr.write(`${scenario.node}: ${scenario.fault} (${scenario.invoices} invoices)… `);
		const result = await runScenario(scenario);
		process.stderr.write(`${result.seconds.toFixed(1)} s${result.nodeError ? ` — node threw: ${result.nodeError}` : ''}\n`);
		results.push(result);
	}
	process.stdout.write(markdownTable(results) + '\n');
	await closeAllDispatchers();
	const bad = violations(results);
	if (bad.length) {
		process.stderr.write(`${bad.length} row(s) with a non-zero bold column.\n`);
		process.exit(1);
	}
	process.exit(0);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
