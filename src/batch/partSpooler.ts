import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { createAesCipher, type AesKeyMaterial } from '../crypto/aes';
import { RunningDigest } from '../crypto/hash';
import type { Cipher } from 'node:crypto';

export interface SpooledPart {
	ordinalNumber: number;
	path: string;
	/** Size and SHA-256 (Base64) of the encrypted part, as KSeF checks them on upload. */
	fileSize: number;
	fileHash: string;
}

export interface SpooledBatch {
	/** Size and SHA-256 of the whole plain ZIP (batchFile.fileSize / fileHash). */
	fileSize: number;
	fileHash: string;
	parts: SpooledPart[];
}

/**
 * Cuts the plain ZIP into parts of at most `partSize` bytes and encrypts each part on its own (AES-256-CBC,
 * PKCS#7, the session key and IV, no IV prepended), as the official batch docs describe, writing each encrypted
 * part to a file in `dir`. One pass over the stream: the ZIP is never held whole, in memory or on disk.
 */
export async function spoolEncryptedParts(
	zip: Readable,
	material: AesKeyMaterial,
	partSize: number,
	dir: string,
): Promise<SpooledBatch> {
	const whole = new RunningDigest();
	const parts: SpooledPart[] = [];
	let current: OpenPart | undefined;

	const closeCurrent = async () => {
		if (!current) return;
		parts.push(await current.finish());
		current = undefined;
	};

	for await (const chunk of zip as AsyncIterable<Buffer>) {
		whole.update(chunk);
		let offset = 0;
		while (offset < chunk.length) {
			current ??= new OpenPart(parts.length + 1, join(dir, `part-${parts.length + 1}.aes`), material);
			const take = Math.min(chunk.length - offset, partSize - current.plainBytes);
			await current.write(chunk.subarray(offset, offset + take));
			offset += take;
			if (current.plainBytes === partSize) await closeCurrent();
		}
	}
	await closeCurrent();
	return { fileSize: whole.size, fileHash: whole.digestBase64(), parts };
}

class OpenPart {
	plainBytes = 0;
	private readonly cipher: Cipher;
	private readonly file: WriteStream;
	private readonly digest = new RunningDigest();

	constructor(
		private readonly ordinalNumber: number,
		private readonly path: string,
		material: AesKeyMaterial,
	) {
		this.cipher = createAesCipher(material);
		this.file = createWriteStream(path);
	}

	async write(plain: Buffer): Promise<void> {
		this.plainBytes += plain.length;
		await this.emit(this.cipher.update(plain));
	}

	async finish(): Promise<SpooledPart> {
		await this.emit(this.cipher.final());
		this.file.end();
		await once(this.file, 'finish');
		return { ordinalNumber: this.ordinalNumber, path: this.path, fileSize: this.digest.size, fileHash: this.digest.digestBase64() };
	}

	private async emit(encrypted: Buffer): Promise<void> {
		if (encrypted.length === 0) return;
		this.digest.update(encrypted);
		if (!this.file.write(encrypted)) await once(this.file, 'drain');
	}
}
