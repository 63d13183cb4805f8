/** Builds the npm tarball exactly as `npm publish` would (from an already built dist/), into .cache/pack. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, PROJECT_ROOT } from './n8n/paths';
import { run } from './n8n/run';

/** Packs a project folder (this one by default); returns the tarball's path. */
export async function packPackage(projectDir = PROJECT_ROOT): Promise<string> {
	const packDir = join(CACHE_DIR, 'pack');
	mkdirSync(packDir, { recursive: true });
	// Tarballs of earlier runs are not needed once installed; an hour is ample for any run still using one.
	for (const name of readdirSync(packDir)) {
		const path = join(packDir, name);
		if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
	}
	// A folder per call: the demo and a test run may pack at the same time.
	const destination = mkdtempSync(join(packDir, 'run-'));
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: projectDir });
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
	return join(destination, info.filename);
}

if (require.main === module) {
	packPackage().then(
		(file) => console.log(file),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
