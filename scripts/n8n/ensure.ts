/** `npm run n8n:install`: installs (or confirms) the pinned Node 24 and n8n in .cache/. */
import { ensureN8n } from './install';

const started = Date.now();
ensureN8n()
	.then((toolchain) => console.log(`n8n ready (${Math.round((Date.now() - started) / 1000)} s): ${toolchain.n8nMain}`))
	.catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
