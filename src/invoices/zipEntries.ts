import yauzl from 'yauzl';
import { KsefError } from '../errors/KsefError';

export interface ZipOpenOptions {
	/** More entries than this and the archive is refused before its directory is read. */
	maxEntries?: number;
}

export interface ZipFileEntry {
	name: string;
	read(): Promise<Buffer>;
}

/**
 * A ZIP file on disk, read through its central directory: entries are looked up by name and inflated one at a
 * time, only when asked, so a package of any size never sits in memory. yauzl checks that each entry inflates
 * to the size the directory declares, which is what makes `maxEntryBytes` a real bound against ZIP bombs.
 */
export class ZipArchive {
	private constructor(
		private readonly zip: yauzl.ZipFile,
		private readonly byName: Map<string, yauzl.Entry>,
		/** Entries whose names were refused (absolute, "..", backslashes, control characters), with the reason. */
		readonly refused: string[],
	) {}

	static async open(path: string, options: ZipOpenOptions = {}): Promise<ZipArchive> {
		// decodeStrings off: yauzl would otherwise fail the whole archive on the first name it refuses; names are
		// decoded and judged here instead, so one bad entry is reported and the others are still read.
		const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
			yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, file) => (error ? reject(error) : resolve(file))),
		);
		try {
			const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
			if (zip.entryCount > maxEntries) {
				throw new KsefError(`The ZIP package has ${zip.entryCount.toLocaleString('en-US')} entries, more than the ${maxEntries.toLocaleString('en-US')} it can hold; it was not read.`);
			}
			const byName = new Map<string, yauzl.Entry>();
			const refused: string[] = [];
			for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
				const name = entryName(entry);
				const problem = nameProblem(name);
				if (problem) refused.push(`"${printable(name)}" (${problem})`);
				else if (!name.endsWith('/')) byName.set(name, entry);
			}
			return new ZipArchive(zip, byName, refused);
		} catch (error) {
			zip.close();
			throw error;
		}
	}

	/** File names in central-directory order. */
	get names(): string[] {
		return [...this.byName.keys()];
	}

	has(name: string): boolean {
		return this.byName.has(name);
	}

	async read(name: string, maxEntryBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
		const entry = this.byName.get(name);
		if (!entry) throw new KsefError(`The ZIP package has no file ${name}.`);
		if (entry.uncompressedSize > maxEntryBytes) {
			throw new KsefError(`${name} in the ZIP package would unpack to ${entry.uncompressedSize} bytes, more than the ${maxEntryBytes} allowed.`);
		}
		return new Promise<Buffer>((resolve, reject) =>
			this.zip.openReadStream(entry, (error, stream) => {
				if (error) return reject(error);
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('error', reject);
				stream.on('end', () => resolve(Buffer.concat(chunks)));
			}),
		);
	}

	close(): void {
		this.zip.close();
	}
}

// With decodeStrings off, fileName is the raw bytes: UTF-8 when general purpose bit 11 says so, else CP437,
// whose printable ASCII range is all a KSeF package uses.
function entryName(entry: yauzl.Entry): string {
	const raw = entry.fileName as unknown as Buffer | string;
	if (typeof raw === 'string') return raw;
	return raw.toString(entry.generalPurposeBitFlag & 0x800 ? 'utf8' : 'latin1');
}

function nameProblem(name: string): string | undefined {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f]/.test(name)) return 'control characters';
	if (name.includes('\\')) return 'a backslash';
	if (/^\/|^[a-zA-Z]:/.test(name)) return 'an absolute path';
	if (name.split('/').includes('..')) return 'a ".." path';
	return undefined;
}

function printable(name: string): string {
	// eslint-disable-next-line no-control-regex
	return name.replace(/[\u0000-\u001f]/g, '?').slice(0, 120);
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
	return new Promise<yauzl.Entry | undefined>((resolve, reject) => {
		const cleanup = () => zip.removeListener('entry', onEntry).removeListener('end', onEnd).removeListener('error', onError);
		const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
		const onEnd = () => (cleanup(), resolve(undefined));
		const onError = (error: Error) => (cleanup(), reject(error));
		zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
		zip.readEntry();
	});
}

/** The entries of a ZIP file on disk, in central-directory order, each inflated only when read. */
export async function* zipEntries(path: string): AsyncGenerator<ZipFileEntry> {
	const archive = await ZipArchive.open(path);
	try {
		for (const name of archive.names) yield { name, read: () => archive.read(name) };
	} finally {
		archive.close();
	}
}
