/**
 * The client side of a batch package, for the simulator's tests, written from sesja-wsadowa.md and sharing no
 * code with src/: ZIP the invoice XMLs (archiver), cut the plain ZIP into parts, encrypt each part on its own
 * (AES-256-CBC, PKCS#7, the session key and IV, no IV prefix), and describe everything as OpenBatchSessionRequest.
 */
import { createCipheriv, createHash } from 'node:crypto';
import archiver from 'archiver';

const sha256Base64 = (data: Buffer): string => createHash('sha256').update(data).digest('base64');

export interface PackageFile {
	name: string;
	data: Buffer;
}

export interface BuiltPackage {
	/** The plain ZIP, before it was cut and encrypted. */
	zip: Buffer;
	/** Encrypted parts, in ordinal order (ordinal = index + 1). */
	parts: Buffer[];
	/** `batchFile` of OpenBatchSessionRequest. */
	batchFile: {
		fileSize: number;
		fileHash: string;
		compressionType?: 'Zip' | 'TarGz';
		fileParts: Array<{ ordinalNumber: number; fileSize: number; fileHash: string }>;
	};
}

export async function zipFiles(files: PackageFile[]): Promise<Buffer> {
	return archive(files, 'zip');
}

/** The TarGz alternative (compressionType 'TarGz', API 2.6+). */
export async function tarGzFiles(files: PackageFile[]): Promise<Buffer> {
	return archive(files, 'tar');
}

async function archive(files: PackageFile[], format: 'zip' | 'tar'): Promise<Buffer> {
	const archive = format === 'zip' ? archiver('zip') : archiver('tar', { gzip: true });
	const chunks: Buffer[] = [];
	archive.on('data', (chunk: Buffer) => chunks.push(chunk));
	const finished = new Promise<void>((resolve, reject) => {
		archive.on('end', () => resolve());
		archive.on('error', reject);
	});
	for (const file of files) archive.append(file.data, { name: file.name });
	await archive.finalize();
	await finished;
	return Buffer.concat(chunks);
}

export function encryptPart(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** Cuts `zip` (or a tar.gz, then say so in `batchFile.compressionType`) into `partCount` binary slices of (nearly) equal size and encrypts each one separately. */
export function packageFromZip(zip: Buffer, key: Buffer, iv: Buffer, partCount = 1): BuiltPackage {
	const sliceSize = Math.ceil(zip.length / partCount);
	const parts: Buffer[] = [];
	for (let offset = 0; offset < zip.length; offset += sliceSize) parts.push(encryptPart(zip.subarray(offset, offset + sliceSize), key, iv));
	return {
		zip,
		parts,
		batchFile: {
			fileSize: zip.length,
			fileHash: sha256Base64(zip),
			fileParts: parts.map((part, i) => ({ ordinalNumber: i + 1, fileSize: part.length, fileHash: sha256Base64(part) })),
		},
	};
}

export async function buildPackage(files: PackageFile[], key: Buffer, iv: Buffer, partCount = 1): Promise<BuiltPackage> {
	return packageFromZip(await zipFiles(files), key, iv, partCount);
}
