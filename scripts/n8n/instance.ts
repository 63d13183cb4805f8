/**
 * A throwaway n8n user folder with our package installed the way the Community Nodes panel installs it, plus
 * the CLI calls the demo and the e2e tests need: import credentials and workflows, execute, serve the editor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from '../pack';
import { parseExecuteOutput, type ExecutionResult } from './executionResult';
import type { N8nToolchain } from './install';
import { run, type RunResult } from './run';

export { outputOf, type ExecutionResult, type OutputItem } from './executionResult';

export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	/** Plain values: `n8n import:credentials` encrypts them with the home's key. */
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	/** `n8n execute` only runs imported workflows, by id (`--file` is gone in 2.x). */
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

export interface RunningServer {
	url: string;
	process: ChildProcess;
	stop(): void;
}

/** The owner account the demo (with --open) and the e2e tests create; local, throwaway instances only. */
export const DEMO_OWNER = { email: 'demo@ksef.local', firstName: 'KSeF', lastName: 'Demo', password: 'KsefDemo2026' };
export const BROWSER_ID = 'n8n-nodes-ksef-e2e';

/** Settings a developer's own n8n may have in the environment; a throwaway instance must not pick them up. */
const INHERITED_N8N_SETTINGS = /^(N8N_|DB_|QUEUE_|EXECUTIONS_|GENERIC_|WEBHOOK_URL$)/;

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
	/** Files the workflows may read and write (N8N_RESTRICT_FILE_ACCESS_TO). */
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
		const inherited = Object.fromEntries(Object.entries(toolchain.env).filter(([name]) => !INHERITED_N8N_SETTINGS.test(name) || name === 'N8N_LOG_LEVEL'));
		const env: NodeJS.ProcessEnv = {
			...inherited,
			N8N_USER_FOLDER: dir,
			DB_TYPE: 'sqlite',
			// Every CLI call opens the same sqlite database, so they must all decrypt credentials with one key.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// The editor is served over plain http on loopback; secure cookies would never be sent back.
			N8N_SECURE_COOKIE: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// Each CLI run starts a task broker (default port 5679); its own port keeps parallel homes and a server apart.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			DB_SQLITE_POOL_SIZE: '2',
			// Under jest NODE_ENV is "test", which silences n8n's logger, and with it the CLI's result output.
			NODE_ENV: 'production',
			JEST_WORKER_ID: undefined,
		};
		return new N8nHome(dir, toolchain, env);
	}

	/**
	 * Installs a package from its npm tarball (or packs a project folder first) exactly as n8n 2.41's Community
	 * Nodes panel does (CommunityPackagesService.downloadPackage): unpack into nodes/node_modules/<name>, drop
	 * dev, peer and optional dependencies from its package.json, `npm install` the rest inside that folder without
	 * scripts, and record the version in nodes/package.json. n8n scans that folder at every start. Returns the
	 * installed package's folder.
	 */
	async installPackage(tarballOrProject: string): Promise<string> {
		const tarball = statSync(tarballOrProject).isDirectory() ? await packPackage(tarballOrProject) : tarballOrProject;
		const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
		const manifest = JSON.parse(stdout) as Record<string, unknown> & { name: string; version: string };
		// n8n provides n8n-workflow itself (peer), and a user's install never gets dev or optional extras.
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
		const nodesDir = join(this.dir, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', manifest.name);
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(packageDir, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
		await run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'], { cwd: packageDir, env: this.env });
		const registry = join(nodesDir, 'package.json');
		const installed = existsSync(registry) ? (JSON.parse(readFileSync(registry, 'utf8')) as { dependencies?: Record<string, string> }) : {};
		writeFileSync(registry, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { ...installed.dependencies, [manifest.name]: manifest.version } }, null, 2));
		return packageDir;
	}

	/** One n8n CLI command against this home. */
	n8n(args: string[], allowFailure = false): Promise<RunResult> {
		return run(this.toolchain.nodeBin, [this.toolchain.n8nMain, ...args], { env: this.env, allowFailure });
	}

	async importCredentials(credentials: CredentialToImport[]): Promise<void> {
		const file = join(this.dir, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		try {
			await this.n8n(['import:credentials', `--input=${file}`]);
		} finally {
			// The file holds the plain tokens; the database has them encrypted.
			rmSync(file, { force: true });
		}
	}

	async importWorkflow(workflow: WorkflowJson): Promise<void> {
		const file = join(this.dir, `workflow-${workflow.id}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.n8n(['import:workflow', `--input=${file}`]);
	}

	/** Marks an imported workflow published (active): the next `n8n start` activates its triggers. */
	async publish(workflowId: string): Promise<void> {
		await this.n8n(['publish:workflow', `--id=${workflowId}`]);
	}

	async unpublish(workflowId: string): Promise<void> {
		await this.n8n(['unpublish:workflow', `--id=${workflowId}`]);
	}

	/** Runs an imported workflow headlessly; the result is n8n's own run data, whether the run succeeded or not. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], true);
		const parsed = parseExecuteOutput(result.stdout);
		if (!parsed) throw new Error(`n8n execute --id=${workflowId} printed no result (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim().slice(-3000)}`);
		return parsed;
	}

	/** `n8n start` on loopback, resolved once it is ready to serve (about 5 s). */
	async startServer(port: number, timeoutMs = 120_000): Promise<RunningServer> {
		const logFile = join(this.dir, 'n8n-server.log');
		// Output goes to a file, not a pipe: a pipe whose reader has exited makes n8n spin on write errors.
		const log = openSync(logFile, 'a');
		const child = spawn(this.toolchain.nodeBin, [this.toolchain.n8nMain, 'start'], {
			env: { ...this.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			stdio: ['ignore', log, log],
		});
		const url = `http://127.0.0.1:${port}`;
		const stopChild = () => {
			child.kill('SIGTERM');
			// n8n shuts down gracefully; if it takes too long, it is stopped for good.
			setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 15_000).unref();
		};
		// However this process ends, the n8n it started ends with it.
		process.once('exit', stopChild);
		const stop = () => {
			process.removeListener('exit', stopChild);
			stopChild();
		};
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const ready = await fetch(`${url}/healthz/readiness`).then((response) => response.ok, () => false);
			if (ready) return { url, process: child, stop };
			if (child.exitCode !== null || Date.now() > deadline) {
				const why = child.exitCode !== null ? `exited with ${child.exitCode}` : `was not ready after ${timeoutMs / 1000} s`;
				stop();
				throw new Error(`n8n start ${why}; log ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	/** Creates the owner account on a fresh instance (REST, as the setup page does); returns the session cookie. */
	static async setupOwner(url: string, owner = DEMO_OWNER): Promise<string> {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
		return (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** Signs the owner in (creating the account on a fresh instance); returns the session cookie. */
	static async signIn(url: string, owner = DEMO_OWNER): Promise<string> {
		const response = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (response.ok) return (response.headers.get('set-cookie') ?? '').split(';')[0];
		if (response.status !== 401) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
		return await N8nHome.setupOwner(url, owner);
	}

	dispose(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}
