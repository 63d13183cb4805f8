import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm pack` ships, from the dist/ that `npm run build` made (npm test builds before jest runs): only what n8n
 * loads, each compiled file backed by a source that still exists (no leftovers of earlier builds), no source maps or
 * type declarations (nothing ships their sources), and every file the package.json "n8n" section names.
 */
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

function packedFiles(): string[] {
	if (!existsSync(join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path).sort();
}

describe('the npm tarball', () => {
	const files = packedFiles();

	it('holds dist/ plus the package files, nothing else', () => {
		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'index.js', 'package.json']);
	});

	it('ships every node and credential n8n is told to load, with its codex file and light and dark icons', () => {
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
		for (const node of manifest.n8n.nodes) {
			expect(files).toContain(node.replace(/\.js$/, '.json'));
			const source = readFileSync(join(root, node.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8');
			const icons = [...source.matchAll(/'file:([^']+\.svg)'/g)].map((match) => join(node, '..', match[1]).replace(/\\/g, '/'));
			expect(icons.length).toBeGreaterThanOrEqual(2);
			for (const icon of icons) expect(files).toContain(icon);
		}
		expect(files.filter((file) => file.startsWith('dist/src/fa3/xsd/') && file.endsWith('.xsd'))).toHaveLength(4);
	});

	it('has no source maps, no type declarations and no compiled file without a source (stale builds)', () => {
		expect(files.filter((file) => /\.(map|d\.ts)$/.test(file))).toEqual([]);
		const orphans = files
			.filter((file) => file.endsWith('.js') && file.startsWith('dist/'))
			.filter((file) => !existsSync(join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
		expect(orphans).toEqual([]);
	});

	it('stays small: the generated OpenAPI types are not shipped as declarations', () => {
		const size = files.map((file) => (existsSync(join(root, file)) ? readFileSync(join(root, file)).length : 0)).reduce((a, b) => a + b, 0);
		expect(size).toBeLessThan(1_000_000);
		expect(files.some((file) => file.includes('ksefApi.d.ts'))).toBe(false);
	});
});
