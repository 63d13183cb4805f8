import yauzl from 'yauzl';
import { KsefError } from '../errors/KsefError';

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
	) {}

	static async open(path: string): Promise<ZipArchive> {
		const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
			yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => (error ? reject(error) : resolve(file))),
		);
		try {
			const byName = new Map<string, yauzl.Entry>();
			for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
				if (!entry.fileName.endsWith('/')) byName.set(entry.fileName, entry);
			}
			return new ZipArchive(zip, byName);
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
