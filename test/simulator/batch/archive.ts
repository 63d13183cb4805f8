/**
 * The files inside a joined batch package, one at a time: ZIP (yauzl, central directory first) or, since API 2.6,
 * a gzip-compressed tar. Directory entries are skipped, as KSeF expects a flat package of invoice XMLs.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';

export type CompressionType = 'Zip' | 'TarGz';

export interface ArchiveEntry {
	name: string;
	/** Only when asked for; counting the entries does not inflate them. */
	data?: Buffer;
}

export function archiveEntries(path: string, compression: CompressionType, withData: boolean): AsyncGenerator<ArchiveEntry> {
	return compression === 'TarGz' ? tarGzEntries(path, withData) : zipEntries(path, withData);
}

async function* zipEntries(path: string, withData: boolean): AsyncGenerator<ArchiveEntry> {
	const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
		yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => (error ? reject(error) : resolve(file))),
	);
	try {
		for (;;) {
			const entry = await nextZipEntry(zip);
			if (!entry) return;
			if (entry.fileName.endsWith('/')) continue;
			yield { name: entry.fileName, data: withData ? await readZipEntry(zip, entry) : undefined };
		}
	} finally {
		zip.close();
	}
}

function nextZipEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
	return new Promise((resolve, reject) => {
		const settle = (fn: () => void) => {
			zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
			fn();
		};
		const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
		const onEnd = () => settle(() => resolve(undefined));
		const onError = (error: Error) => settle(() => reject(error));
		zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
		zip.readEntry();
	});
}

function readZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		zip.openReadStream(entry, (error, stream) => {
			if (error) return reject(error);
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('error', reject);
			stream.on('end', () => resolve(Buffer.concat(chunks)));
		});
	});
}

const BLOCK = 512;

/** ustar with the PAX (`x`) and GNU (`L`) long-name extensions, which is what common tar writers produce. */
async function* tarGzEntries(path: string, withData: boolean): AsyncGenerator<ArchiveEntry> {
	const reader = new ByteReader(createReadStream(path).pipe(createGunzip())[Symbol.asyncIterator]());
	let longName: string | undefined;
	for (;;) {
		const header = await reader.read(BLOCK);
		if (!header || header.every((byte) => byte === 0)) return;
		const size = parseInt(field(header, 124, 12) || '0', 8);
		const type = String.fromCharCode(header[156] || 48);
		const padded = Math.ceil(size / BLOCK) * BLOCK;
		if (type === 'x' || type === 'L') {
			const body = await reader.read(padded);
			if (!body) throw new Error('Archiwum tar jest ucięte.');
			const text = body.subarray(0, size).toString('utf8');
			longName = type === 'L' ? text.replace(/\0.*$/s, '') : (/(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)?.[1] ?? longName);
			continue;
		}
		const prefix = field(header, 345, 155);
		const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
		longName = undefined;
		const isFile = type === '0' || type === '7';
		if (isFile && withData) {
			const body = await reader.read(padded);
			if (!body) throw new Error('Archiwum tar jest ucięte.');
			yield { name, data: body.subarray(0, size) };
		} else {
			if (!(await reader.skip(padded))) throw new Error('Archiwum tar jest ucięte.');
			if (isFile) yield { name };
		}
	}
}

function field(header: Buffer, offset: number, length: number): string {
	return header.subarray(offset, offset + length).toString('utf8').replace(/\0.*$/s, '').trim();
}

/** Exact-length reads over a stream of chunks. */
class ByteReader {
	private buffered: Buffer = Buffer.alloc(0);
	constructor(private readonly source: AsyncIterator<Buffer>) {}

	private async fill(length: number): Promise<boolean> {
		const chunks: Buffer[] = [this.buffered];
		let have = this.buffered.length;
		while (have < length) {
			const next = await this.source.next();
			if (next.done) break;
			chunks.push(next.value);
			have += next.value.length;
		}
		if (chunks.length > 1) this.buffered = Buffer.concat(chunks);
		return have >= length;
	}

	async read(length: number): Promise<Buffer | undefined> {
		if (!(await this.fill(length))) return undefined;
		const out = this.buffered.subarray(0, length);
		this.buffered = this.buffered.subarray(length);
		return out;
	}

	async skip(length: number): Promise<boolean> {
		let left = length;
		while (left > 0) {
			if (this.buffered.length === 0 && !(await this.fill(1))) return false;
			const step = Math.min(left, this.buffered.length);
			this.buffered = this.buffered.subarray(step);
			left -= step;
		}
		return true;
	}
}
