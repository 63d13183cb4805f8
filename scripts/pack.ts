/** Builds the npm tarball exactly as `npm publish` would, into .cache/pack; prints and returns its path. */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, PROJECT_ROOT, run } from './n8n/toolchain';

export async function packPackage(): Promise<string> {
	const destination = join(CACHE_DIR, 'pack');
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: PROJECT_ROOT });
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
