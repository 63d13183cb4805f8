import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Publishing as n8n requires: from GitHub Actions, with an npm provenance statement, after the checks. */
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> };

function prepublish(env: Record<string, string>): { status: number | null; output: string } {
	const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_ACTIONS|npm_config_dry_run|npm_config_provenance)$/.test(name)));
	const result = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/release/prepublish.ts', '--policy-only'], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8' });
	return { status: result.status, output: result.stdout + result.stderr };
}

describe('publishing', () => {
	it('the publish workflow publishes from GitHub Actions with provenance, after npm test', () => {
		const workflow = readFileSync(join(root, '.github', 'workflows', 'publish.yml'), 'utf8');
		expect(workflow).toMatch(/^permissions:\n(?:\s+.*\n)*?\s+id-token: write/m);
		expect(workflow).toMatch(/run: npm ci\n\s+- run: npm test\n/);
		// .npmrc has ignore-scripts=true, which would silently skip prepublishOnly.
		expect(workflow).toMatch(/run: npm publish --provenance --access public --ignore-scripts=false/);
		expect(workflow).toMatch(/NODE_AUTH_TOKEN: \$\{\{ secrets\.NPM_TOKEN \}\}/);
		expect(manifest.scripts.prepublishOnly).toBe('tsx scripts/release/prepublish.ts');
	});

	it('prepublishOnly refuses a publish from a laptop, or without provenance, and lets a dry run through', () => {
		const local = prepublish({});
		expect(local.status).toBe(1);
		expect(local.output).toMatch(/publish from the GitHub Actions workflow \.github\/workflows\/publish\.yml/);
		expect(prepublish({ GITHUB_ACTIONS: 'true' })).toMatchObject({ status: 1, output: expect.stringMatching(/npm publish --provenance/) });
		expect(prepublish({ GITHUB_ACTIONS: 'true', npm_config_provenance: 'true' }).status).toBe(0);
		expect(prepublish({ npm_config_dry_run: 'true' }).status).toBe(0);
	});

	it('a publish dry run would publish this name and version with the checked file list', () => {
		// Lifecycle scripts are left out here: prepublishOnly rebuilds dist/, which other test files are reading.
		const out = execFileSync('npm', ['publish', '--dry-run', '--ignore-scripts', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		const result = (JSON.parse(out.slice(out.indexOf('{'))) as Record<string, { id: string; files: Array<{ path: string }> }>)[manifest.name];
		expect(result.id).toBe(`${manifest.name}@${manifest.version}`);
		expect(result.files.map((file) => file.path)).toContain('dist/nodes/KsefSendInvoice/KsefSendInvoice.node.js');
	});
});
