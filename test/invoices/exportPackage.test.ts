import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { EmittedBoundary } from '../../src/invoices/emittedBoundary';
import { MAX_PACKAGE_ENTRIES, packageInvoices } from '../../src/invoices/exportPackage';

/** A stored (uncompressed) ZIP written byte by byte, so names yauzl itself would refuse can be put in it. */
function storedZip(files: Array<{ name: string; data: Buffer }>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const { name, data } of files) {
		const nameBytes = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x800, 6);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x800, 8);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += 30 + nameBytes.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Math.min(files.length, 0xffff), 8);
	end.writeUInt16LE(Math.min(files.length, 0xffff), 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

const KSEF = ['9999999999-20260215-0100001AF629-00', '9999999999-20260215-0100001AF62A-00'];
const metadata = (numbers: string[]) =>
	Buffer.from(JSON.stringify({ invoices: numbers.map((ksefNumber, i) => ({ ksefNumber, permanentStorageDate: `2026-02-15T10:00:0${i}+01:00` })) }));

describe('reading an export package', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'ksef-package-test-'));
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	async function read(files: Array<{ name: string; data: Buffer }>) {
		const path = join(dir, `p${Math.random().toString(36).slice(2)}.zip`);
		await writeFile(path, storedZip(files));
		const problems: string[] = [];
		const invoices: string[] = [];
		const leftOut: string[] = [];
		const onLeftOut = (listed: { ksefNumber: string }) => leftOut.push(listed.ksefNumber);
		for await (const invoice of packageInvoices(path, 'PermanentStorage', new EmittedBoundary(), (problem) => problems.push(problem), onLeftOut)) invoices.push(invoice.ksefNumber);
		return { invoices, problems, leftOut };
	}

	it('delivers the listed invoices, reports a refused entry name and unlisted files, and does not fail the export', async () => {
		const { invoices, problems } = await read([
			{ name: '_metadata.json', data: metadata(KSEF) },
			{ name: `${KSEF[0]}.xml`, data: Buffer.from('<Faktura/>') },
			{ name: '../../etc/evil.xml', data: Buffer.from('<x/>') },
			{ name: 'extra.xml', data: Buffer.from('<x/>') },
			{ name: `${KSEF[1]}.xml`, data: Buffer.from('<Faktura/>') },
		]);
		expect(invoices).toEqual(KSEF);
		expect(problems).toEqual([
			'The export package has an entry with a refused name, "../../etc/evil.xml" (a ".." path); it was skipped.',
			"The export package holds 1 file(s) not listed in its _metadata.json (extra.xml); they were ignored.",
		]);
	});

	it('reports an invoice listed in _metadata.json whose file is missing, and still delivers the others', async () => {
		const { invoices, problems, leftOut } = await read([
			{ name: '_metadata.json', data: metadata(KSEF) },
			{ name: `${KSEF[1]}.xml`, data: Buffer.from('<Faktura/>') },
		]);
		expect(invoices).toEqual([KSEF[1]]);
		// Named to the caller too, so a checkpoint does not move past it.
		expect(leftOut).toEqual([KSEF[0]]);
		expect(problems).toEqual([`Invoice ${KSEF[0]} is listed in the package's _metadata.json but its file is missing; download it with Download Invoice.`]);
	});

	it(`refuses a package with more than ${MAX_PACKAGE_ENTRIES.toLocaleString('en-US')} entries before reading its directory`, async () => {
		const files = Array.from({ length: MAX_PACKAGE_ENTRIES + 1 }, (_, i) => ({ name: `${i}.xml`, data: Buffer.alloc(0) }));
		await expect(read(files)).rejects.toThrow('The ZIP package has 20,001 entries, more than the 20,000 it can hold; it was not read.');
	});
});
