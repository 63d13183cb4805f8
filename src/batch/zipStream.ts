import archiver from 'archiver';
import type { Readable } from 'node:stream';

export interface ZipEntry {
	name: string;
	data: Buffer;
}

/**
 * A ZIP written as a stream from entries produced on demand. archiver queues whatever is appended, so entries
 * are appended one at a time, each after the previous one has been written: memory holds one invoice, not
 * the batch.
 */
export function zipStream(entries: AsyncIterable<ZipEntry>, compressionLevel = 6): Readable {
	const archive = archiver('zip', { zlib: { level: compressionLevel }, forceZip64: false });
	const feed = async () => {
		for await (const entry of entries) {
			const written = new Promise<void>((resolve) => archive.once('entry', () => resolve()));
			archive.append(entry.data, { name: entry.name, date: new Date(0) });
			await written;
		}
		await archive.finalize();
	};
	feed().catch((error: unknown) => archive.destroy(error as Error));
	return archive;
}
