/**
 * The real-n8n machinery of scripts/n8n in jest's terms: one n8n home per test file, set up in beforeAll (with
 * the minutes a first install of n8n takes) and removed in afterAll. Set KSEF_KEEP_N8N_HOME=1 to keep the home
 * for a look at its database, logs and binary files after a failure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureN8n } from '../../../scripts/n8n/install';
import { N8nHome } from '../../../scripts/n8n/instance';
import { CACHE_DIR, PROJECT_ROOT } from '../../../scripts/n8n/paths';
import { packPackage } from '../../../scripts/pack';

export { ensureN8n, type N8nToolchain } from '../../../scripts/n8n/install';
export { BROWSER_ID, DEMO_OWNER, freePort, N8nHome, outputOf, type CredentialToImport, type ExecutionResult, type OutputItem, type WorkflowJson } from '../../../scripts/n8n/instance';
export { CACHE_DIR, PROJECT_ROOT } from '../../../scripts/n8n/paths';
export { run } from '../../../scripts/n8n/run';
export { packPackage } from '../../../scripts/pack';

/** A cold install (Node 24 + n8n, 2,400 packages, sqlite3 compiled) takes 3–5 minutes on 2 cores; cached, milliseconds. */
export const N8N_SETUP_TIMEOUT_MS = 20 * 60_000;

export interface N8nHomeOptions {
	/** Pack this project and install the tarball as the Community Nodes panel would. */
	installProject?: boolean;
	/** Where homes are made; under .cache/ so a kept one is easy to find. */
	parent?: string;
}

export interface N8nHomeFixture {
	/** Available from the first test (and in beforeAll hooks declared after useN8nHome) on. */
	readonly home: N8nHome;
	/** The npm tarball that was installed (installProject only). */
	readonly tarball: string;
	/** The installed package inside <home>/.n8n/nodes/node_modules (installProject only). */
	readonly packageDir: string;
}

export function useN8nHome(options: N8nHomeOptions = {}): N8nHomeFixture {
	let home: N8nHome | undefined;
	let tarball: string | undefined;
	let packageDir: string | undefined;

	beforeAll(async () => {
		// Jest prints console.log with a stack trace; plain lines read better while a long install runs.
		const toolchain = await ensureN8n((line) => process.stdout.write(`${line}\n`));
		home = await N8nHome.create(toolchain, options.parent ?? join(CACHE_DIR, 'e2e'));
		if (options.installProject) {
			// npm pack would happily pack a package without its code.
			if (!existsSync(join(PROJECT_ROOT, 'dist', 'package.json'))) throw new Error('dist/ is missing: run `npm run build` first');
			tarball = await packPackage();
			packageDir = await home.installPackage(tarball);
		}
	}, N8N_SETUP_TIMEOUT_MS);

	afterAll(() => {
		if (process.env.KSEF_KEEP_N8N_HOME === '1') process.stdout.write(`n8n home kept: ${home?.dir ?? '-'}\n`);
		else home?.dispose();
	});

	const ready = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} is not ready: use it inside tests or in a beforeAll declared after useN8nHome()`);
		return value;
	};
	return {
		get home() {
			return ready(home, 'The n8n home');
		},
		get tarball() {
			return ready(tarball, 'The package tarball (installProject)');
		},
		get packageDir() {
			return ready(packageDir, 'The installed package (installProject)');
		},
	};
}
