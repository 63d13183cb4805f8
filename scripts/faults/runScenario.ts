/** One scenario: a fresh simulator with the fault's knobs, the node over N invoices, and the audit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { KsefBatchSend } from '../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { clearTokenCache } from '../../src';
import { forgetCertificates } from '../../src/auth/certificates';
import { start, type RunningSimulator, type SimulatorOverrides } from '../../test/simulator';
import { benchInvoice } from '../bench/invoiceGenerator';
import { audit, secretsOf, type AuditRow } from './audit';
import { nodeContext } from './nodeContext';
import type { Scenario } from './scenarios';

export interface ScenarioResult extends AuditRow {
	fault: string;
	node: string;
	seconds: number;
	/** Set when the node threw instead of returning items (Continue On Fail is on, so it should not). */
	nodeError?: string;
}

let runCounter = 0;

// The faults are what this run measures. PRD's rate limits (the simulator's default) are waited out as KSeF asks,
// which is tested on its own, and would only stretch each row of 100 invoices to about three minutes.
const WITHOUT_RATE_LIMITS: SimulatorOverrides = { rateLimits: { enabled: false } };

export async function runScenario(scenario: Scenario, seed = 1): Promise<ScenarioResult> {
	runCounter += 1;
	const runId = `${process.pid}-${Date.now().toString(36)}-${runCounter}`;
	const files = Array.from({ length: scenario.invoices }, (_, index) => benchInvoice(`F${runId}`, index));
	const stateDir = scenario.restartWhen ? mkdtempSync(join(tmpdir(), 'ksef-faults-')) : undefined;
	clearTokenCache();
	let sim: RunningSimulator = await start({ port: 0, seed, stateDir, ...WITHOUT_RATE_LIMITS, ...scenario.simulator });
	forgetCertificates(sim.baseUrl);
	const started = Date.now();
	const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	const { ctx } = nodeContext(files, parameters(scenario), credentials);
	let restart: Promise<void> | undefined;
	let nodeDone = false;
	const injectedBefore: Record<string, number> = {};
	const restartWhen = scenario.restartWhen;
	if (restartWhen) {
		const port = Number(new URL(sim.baseUrl).port);
		restart = until(() => nodeDone || restartWhen(sim.simulator)).then(async () => {
			Object.assign(injectedBefore, sim.simulator.injected);
			await sim.stop();
			sim = await start({ port, seed, stateDir, ...WITHOUT_RATE_LIMITS, ...scenario.simulator });
			sim.simulator.countInjection('restart');
		});
	}
	const midRun = scenario.midRun;
	const acted = midRun
		? until(() => nodeDone || midRun.when(sim.simulator)).then(() => {
				if (nodeDone) return;
				midRun.act(sim.simulator);
				sim.simulator.countInjection('midRun');
			})
		: undefined;
	let output: INodeExecutionData[] = [];
	let nodeError: string | undefined;
	try {
		const node = scenario.node === 'Send Invoice' ? new KsefSendInvoice() : new KsefBatchSend();
		[output] = await node.execute.call(ctx);
	} catch (error) {
		nodeError = (error as Error).message;
	}
	nodeDone = true;
	await restart;
	await acted;
	const seconds = (Date.now() - started) / 1000;
	for (const [kind, count] of Object.entries(injectedBefore)) sim.simulator.injected[kind] = (sim.simulator.injected[kind] ?? 0) + count;
	const row = audit(sim.simulator, files, output, secretsOf(sim.simulator, [sim.token]));
	if (nodeError) row.tokenLeaks += secretsOf(sim.simulator, [sim.token]).filter((secret) => nodeError?.includes(secret)).length;
	await sim.stop();
	if (stateDir) rmSync(stateDir, { recursive: true, force: true });
	return { fault: scenario.fault, node: scenario.node, seconds, nodeError, ...row };
}

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

function parameters(scenario: Scenario): Record<string, unknown> {
	const common = { invoiceSource: 'binary', binaryPropertyName: 'data' };
	if (scenario.node === 'Send Invoice') {
		return { ...common, options: { maxWaitSeconds: 60, concurrency: 4, ...scenario.options } };
	}
	// Small parts, so a batch of a few hundred invoices is uploaded in several of them.
	return { ...common, inputMode: 'invoices', options: { maxWaitSeconds: 60, partSizeMb: 0.05, ...scenario.options } };
}
