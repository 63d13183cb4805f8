/**
 * Where uploaded batch parts land, like KSeF's blob storage: under --state DIR (so a restart can still process
 * a closed session) or in a temporary folder removed when the simulator stops.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../simulator';

const dirs = new WeakMap<Simulator, string>();

export function blobDir(sim: Simulator): string {
	let dir = dirs.get(sim);
	if (!dir) {
		if (sim.options.stateDir) {
			dir = join(sim.options.stateDir, 'blobs');
			mkdirSync(dir, { recursive: true });
		} else {
			const temporary = mkdtempSync(join(tmpdir(), 'ksef-sim-blobs-'));
			sim.onClose(() => rmSync(temporary, { recursive: true, force: true }));
			dir = temporary;
		}
		dirs.set(sim, dir);
	}
	return dir;
}

export function blobPath(sim: Simulator, blobName: string): string {
	return join(blobDir(sim), blobName);
}
