/**
 * `prepublishOnly`: n8n accepts community packages published from a GitHub Actions workflow with an npm provenance
 * statement (required since 1 May 2026), so a publish from anywhere else, or without --provenance, stops here.
 * `npm publish --dry-run` is allowed anywhere, to see what would ship. Then what ships is rebuilt and checked:
 * n8n's lint, a clean build, and the tarball and documentation-link tests.
 * `--policy-only` stops after the first part (tests use it).
 */
import { spawnSync } from 'node:child_process';

const env = process.env;
const dryRun = env.npm_config_dry_run === 'true';
const inActions = env.GITHUB_ACTIONS === 'true';
const provenance = env.npm_config_provenance === 'true';

function fail(message: string): never {
	console.error(`prepublishOnly: ${message}`);
	process.exit(1);
}

if (!dryRun && !inActions) {
	fail('publish from the GitHub Actions workflow .github/workflows/publish.yml (README, "Releasing"), so npm records a provenance statement; n8n requires one. Use `npm publish --dry-run` to see what would be published.');
}
if (!dryRun && !provenance) fail('run `npm publish --provenance` (the publish workflow does); n8n requires the provenance statement.');
console.log(`prepublishOnly: ${dryRun ? 'dry run' : 'publishing from GitHub Actions with provenance'}`);
if (process.argv.includes('--policy-only')) process.exit(0);

for (const [command, ...args] of [
	['npm', 'run', 'lint'],
	['npm', 'run', 'build'],
	['npx', 'jest', 'test/package'],
]) {
	const result = spawnSync(command, args, { stdio: 'inherit' });
	if (result.status !== 0) fail(`\`${[command, ...args].join(' ')}\` failed; nothing was published.`);
}
