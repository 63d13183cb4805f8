/** Where the demo and the end-to-end tests keep what they install: never global, always git-ignored. */
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/**
 * .cache/ in the project, unless KSEF_CACHE_DIR says otherwise: that lets a cold install be tried (or CI cache a
 * different folder) without throwing away a working 3 GB install.
 */
export const CACHE_DIR = process.env.KSEF_CACHE_DIR ? resolve(process.env.KSEF_CACHE_DIR) : join(PROJECT_ROOT, '.cache');
