import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every documentation link n8n shows (the credential's documentationUrl, each codex file's primary and credential
 * documentation) points at this repository's README and at a heading that exists there, with GitHub's anchor rules.
 */
const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const homepage = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string }).homepage.replace(/#.*$/, '');

/** GitHub's heading anchors: lower case, punctuation dropped (hyphens kept), spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const [, text] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
		const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

function documentationUrls(): string[] {
	const urls = [...readFileSync(join(root, 'credentials', 'KsefApi.credentials.ts'), 'utf8').matchAll(/documentationUrl = '([^']+)'/g)].map((m) => m[1]);
	for (const dir of readdirSync(join(root, 'nodes'))) {
		const codex = readdirSync(join(root, 'nodes', dir)).filter((file) => file.endsWith('.node.json'));
		for (const file of codex) {
			const text = readFileSync(join(root, 'nodes', dir, file), 'utf8');
			urls.push(...[...text.matchAll(/"url":\s*"([^"]+)"/g)].map((m) => m[1]));
		}
	}
	return urls;
}

describe('documentation links', () => {
	const headings = anchors(readme);
	const urls = documentationUrls();

	it('are there: the credential and every codex file', () => {
		expect(urls.length).toBeGreaterThanOrEqual(11);
	});

	it.each(urls.map((url) => [url]))('%s lands on a README heading', (url) => {
		const [base, anchor] = url.split('#');
		expect(base).toBe(homepage);
		expect([...headings]).toContain(anchor);
	});

	it('computes anchors the way GitHub does', () => {
		expect(anchors('## Credentials: `KSeF API`\n### KSeF Send Invoice\n### A\n### A')).toEqual(new Set(['credentials-ksef-api', 'ksef-send-invoice', 'a', 'a-1']));
	});
});
