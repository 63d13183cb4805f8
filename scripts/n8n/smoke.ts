/**
 * `npx tsx scripts/n8n/smoke.ts [--package] [--server]`: proves the real-n8n machinery on its own, without the
 * simulator. A workflow of built-in nodes only (Manual Trigger → Set → Code, the Code node running in n8n's task
 * runner) is imported and executed. --package also installs this project's tarball as the Community Nodes panel
 * would and runs one KSeF node against a closed port, so its error item proves n8n loaded and ran it.
 * --server starts the editor, creates the owner and logs in. Each step prints its time.
 */
import { join } from 'node:path';
import { ensureN8n } from './install';
import { BROWSER_ID, DEMO_OWNER, freePort, N8nHome, outputOf, type WorkflowJson } from './instance';
import { CACHE_DIR, PROJECT_ROOT } from './paths';
import { seconds } from './run';
import { N8N_VERSION, NODE_VERSION } from './versions';

const withPackage = process.argv.includes('--package');
const withServer = process.argv.includes('--server');

const builtInWorkflow: WorkflowJson = {
	id: 'smokeBuiltIn',
	name: 'smoke: built-in nodes',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 's1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 's2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { assignments: { assignments: [{ id: 'a1', name: 'net', value: 100, type: 'number' }] }, options: {} },
		},
		{
			id: 's3',
			name: 'Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: { jsCode: 'return $input.all().map((item) => ({ json: { net: item.json.net, gross: item.json.net * 1.23 } }));' },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
		Set: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
	},
};

/** Check Status against a port nobody listens on: only a loaded, running KSeF node can produce its error item. */
const packageWorkflow: WorkflowJson = {
	id: 'smokePackage',
	name: 'smoke: KSeF node loads',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'p1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'p2',
			name: 'KSeF',
			type: 'n8n-nodes-ksef.ksefCheckStatus',
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'authStatus' },
			credentials: { ksefApi: { id: 'smokeCredential', name: 'KSeF (nowhere)' } },
			onError: 'continueRegularOutput',
		},
	],
	connections: { Start: { main: [[{ node: 'KSeF', type: 'main', index: 0 }]] } },
};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await work();
	console.log(`${label.padEnd(44)} ${seconds(started).padStart(6)} s`);
	return result;
}

async function main(): Promise<void> {
	console.log(`n8n ${N8N_VERSION} on Node ${NODE_VERSION}, cache ${CACHE_DIR}`);
	let installed = false;
	const toolchain = await timed('ensureN8n', () =>
		ensureN8n((line) => {
			installed = true;
			console.log(`  ${line}`);
		}),
	);
	console.log(`  (${installed ? 'cold: installed now' : 'cached: nothing to install'})`);
	const home = await timed('create home', () => N8nHome.create(toolchain, join(CACHE_DIR, 'smoke')));
	try {
		await timed('import:workflow (first call migrates the DB)', () => home.importWorkflow(builtInWorkflow));
		const result = await timed('execute (built-in nodes)', () => home.execute(builtInWorkflow.id));
		const output = outputOf(result, 'Code').map((item) => item.json);
		console.log(`  status ${result.status}; Code output ${JSON.stringify(output)}`);
		if (result.status !== 'success' || output[0]?.gross !== 123) throw new Error('the built-in workflow did not produce { net: 100, gross: 123 }');

		if (withPackage) {
			const packageDir = await timed('pack + install this package (panel style)', () => home.installPackage(PROJECT_ROOT));
			console.log(`  installed into ${packageDir}`);
			const closedPort = await freePort();
			await timed('import:credentials', () =>
				home.importCredentials([
					{ id: 'smokeCredential', name: 'KSeF (nowhere)', type: 'ksefApi', data: { environment: 'custom', baseUrl: `http://127.0.0.1:${closedPort}/v2`, token: 'smoke-token', nip: '5265877635' } },
				]),
			);
			await timed('import:workflow', () => home.importWorkflow(packageWorkflow));
			const run = await timed('execute (KSeF node)', () => home.execute(packageWorkflow.id));
			const item = outputOf(run, 'KSeF')[0]?.json;
			console.log(`  status ${run.status}; KSeF output ${JSON.stringify(item).slice(0, 300)}`);
			if (!item?.error) throw new Error(`the KSeF node did not run: ${run.data.resultData.error?.message ?? 'no error item'}`);
		}

		if (withServer) {
			const server = await timed('n8n start (until /healthz/readiness)', async () => home.startServer(await freePort()));
			try {
				const cookie = await timed('owner setup (REST)', () => N8nHome.setupOwner(server.url));
				// n8n ties the session to the browser id it was issued for.
				const login = await fetch(`${server.url}/rest/login`, { headers: { cookie, 'browser-id': BROWSER_ID } });
				console.log(`  ${server.url}: owner ${DEMO_OWNER.email} / ${DEMO_OWNER.password}, GET /rest/login → ${login.status}`);
				if (!login.ok) throw new Error('the owner session cookie was not accepted');
			} finally {
				server.stop();
			}
		}
		console.log('smoke OK');
	} finally {
		home.dispose();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	},
);
