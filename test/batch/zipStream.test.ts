import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipStream } from '../../src/batch/zipStream';
import { zipEntries } from '../../src/invoices/zipEntries';

async function zipOf(entries: Array<{ name: string; data: Buffer }>): Promise<Buffer> {
	async function* source() {
		yield* entries;
	}
	const chunks: Buffer[] = [];
	for await (const chunk of zipStream(source())) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('the streaming ZIP writer', () => {
	const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('writes ZIPs that unzip (Info-ZIP via python3 zipfile, and yauzl) to exactly the entries given, in order', async () => {
		const entries = Array.from({ length: 50 }, (_, i) => ({ name: `${String(i).padStart(6, '0')}_FV-ż${i}.xml`, data: Buffer.from(`<Faktura>${'x'.repeat(i * 37)}</Faktura>`) }));
		const path = join(dir, 'small.zip');
		writeFileSync(path, await zipOf(entries));
		const listed = execFileSync('python3', ['-c', 'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, z.read(i).decode()] for i in z.infolist()]))', path]).toString();
		expect(JSON.parse(listed)).toEqual(entries.map((e) => [e.name, e.data.toString()]));
		const read: string[] = [];
		for await (const entry of zipEntries(path)) read.push(`${entry.name}:${(await entry.read()).length}`);
		expect(read).toEqual(entries.map((e) => `${e.name}:${e.data.length}`));
	});

	it('switches to ZIP64 beyond 65,535 entries', async () => {
		const entries = Array.from({ length: 70_000 }, (_, i) => ({ name: `${i}.xml`, data: Buffer.from(String(i)) }));
		const path = join(dir, 'many.zip');
		writeFileSync(path, await zipOf(entries));
		const count = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.infolist()), z.read("69999.xml").decode())', path]).toString().trim();
		expect(count).toBe('70000 69999');
	});
});
