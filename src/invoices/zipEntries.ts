import yauzl from 'yauzl';

export interface ZipFileEntry {
	name: string;
	read(): Promise<Buffer>;
}

/**
 * The entries of a ZIP file on disk, one at a time (yauzl reads the central directory and inflates each entry
 * only when asked), so an export package of any size never sits in memory.
 */
export async function* zipEntries(path: string): AsyncGenerator<ZipFileEntry> {
	const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
		yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => (error ? reject(error) : resolve(file))),
	);
	try {
		for (;;) {
			const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
				zip.once('entry', resolve);
				zip.once('end', () => resolve(undefined));
				zip.once('error', reject);
				zip.readEntry();
			});
			zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
			if (!entry) return;
			if (entry.fileName.endsWith('/')) continue;
			yield {
				name: entry.fileName,
				read: () =>
					new Promise<Buffer>((resolve, reject) =>
						zip.openReadStream(entry, (error, stream) => {
							if (error) return reject(error);
							const chunks: Buffer[] = [];
							stream.on('data', (chunk: Buffer) => chunks.push(chunk));
							stream.on('error', reject);
							stream.on('end', () => resolve(Buffer.concat(chunks)));
						}),
					),
			};
		}
	} finally {
		zip.close();
	}
}
