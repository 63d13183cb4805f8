/**
 * A throwaway n8n user folder with our package installed the way the Community Nodes panel installs it (from
 * the npm pack tarball, production dependencies only), plus the CLI calls the demo and the e2e tests need.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type N8nToolchain, type RunResult } from './toolchain';

export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: the run data of every node. */
export interface ExecutionResult {
	status: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, { fileName?: string; mimeType?: string }> }>> }; error?: { message: string } }>>;
			error?: { message: string; description?: string; node?: { name: string } };
			lastNodeExecuted?: string;
		};
	};
}

/** The owner account the demo (with --open) and the e2e tests create; local, throwaway instances only. */
export const DEMO_OWNER = { email: 'demo@ksef.local', firstName: 'KSeF', lastName: 'Demo', password: 'KsefDemo2026' };
export const BROWSER_ID = 'n8n-nodes-ksef-e2e';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export class N8nHome {
	readonly filesDir: string;
	private constructor(
		readonly dir: string,
		private readonly toolchain: N8nToolchain,
		readonly env: NodeJS.ProcessEnv,
	) {
		this.filesDir = join(dir, 'files');
	}

	static async create(toolchain: N8nToolchain, parent = tmpdir()): Promise<N8nHome> {
		mkdirSync(parent, { recursive: true });
		const dir = mkdtempSync(join(parent, 'n8n-home-'));
		const filesDir = join(dir, 'files');
		mkdirSync(filesDir, { recursive: true });
		const env: NodeJS.ProcessEnv = {
			...toolchain.env,
			N8N_USER_FOLDER: dir,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// Each CLI run starts a task broker; its own port keeps parallel homes (and a running server) apart.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			DB_SQLITE_POOL_SIZE: '2',
			// Under jest NODE_ENV is "test", which silences n8n's logger, and with it the CLI's result output.
			NODE_ENV: 'production',
			JEST_WORKER_ID: undefined,
		};
		return new N8nHome(dir, toolchain, env);
	}

	/** `npm install <tarball>` into <home>/.n8n/nodes, production dependencies only, as the Community Nodes panel does. */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = join(this.dir, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		await run('npm', ['install', tarball, '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: nodesDir, env: this.env });
	}

	n8n(args: string[], allowFailure = false): Promise<RunResult> {
		return run(this.toolchain.nodeBin, [this.toolchain.n8nMain, ...args], { env: this.env, allowFailure });
	}

	async importCredentials(credentials: CredentialToImport[]): Promise<void> {
		const file = join(this.dir, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.n8n(['import:credentials', `--input=${file}`]);
		rmSync(file);
	}

	async importWorkflow(workflow: WorkflowJson): Promise<void> {
		const file = join(this.dir, `workflow-${workflow.id}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.n8n(['import:workflow', `--input=${file}`]);
	}

	/** Runs a workflow headlessly; the result is n8n's own run data, whether the run succeeded or not. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], true);
		// Log lines come before the JSON, even with --rawOutput.
		const start = result.stdout.search(/^\{/m);
		if (start < 0) throw new Error(`n8n execute printed no result (exit ${result.code}):\n${(result.stderr || result.stdout).slice(-3000)}`);
		return JSON.parse(result.stdout.slice(start)) as ExecutionResult;
	}

	/** `n8n start` on loopback, resolved once it is ready; the owner account is created so the editor can be used. */
	async startServer(port: number): Promise<{ url: string; process: ChildProcess; stop(): void }> {
		// Output goes to a file, not a pipe: a pipe whose reader has exited makes n8n spin on write errors.
		const log = openSync(join(this.dir, 'n8n-server.log'), 'a');
		const child = spawn(this.toolchain.nodeBin, [this.toolchain.n8nMain, 'start'], {
			env: { ...this.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			stdio: ['ignore', log, log],
		});
		const url = `http://127.0.0.1:${port}`;
		// However this process ends, the n8n it started ends with it.
		const stopChild = () => {
			child.kill('SIGTERM');
			// n8n shuts down gracefully; if it takes too long, it is stopped for good.
			setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 15_000).unref();
		};
		process.once('exit', stopChild);
		for (let attempt = 0; attempt < 240; attempt++) {
			if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}`);
			const ready = await fetch(`${url}/healthz/readiness`).then((response) => response.ok, () => false);
			if (ready) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return {
			url,
			process: child,
			stop: () => {
				process.removeListener('exit', stopChild);
				stopChild();
			},
		};
	}

	/** Creates the owner account on a fresh instance; returns the session cookie for REST calls. */
	static async setupOwner(url: string, owner = DEMO_OWNER): Promise<string> {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
		return (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	dispose(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** Node output items of one node in an execution, first output. */
export function outputOf(result: ExecutionResult, nodeName: string): Array<{ json: Record<string, unknown>; binary?: Record<string, { fileName?: string; mimeType?: string }> }> {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`Node "${nodeName}" did not run. Last node: ${result.data.resultData.lastNodeExecuted ?? '-'}; error: ${result.data.resultData.error?.message ?? '-'}`);
	return runs.flatMap((entry) => entry.data?.main[0] ?? []);
}
