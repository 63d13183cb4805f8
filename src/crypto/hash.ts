import { createHash, type Hash } from 'node:crypto';

/** KSeF's `Sha256HashBase64`: standard Base64 of the SHA-256 digest (44 characters). */
export function sha256Base64(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('base64');
}

/** Hex SHA-256, for cache keys that must not reveal what was hashed. */
export function sha256Hex(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Hashes bytes as they stream past, for files too large to hold in memory. */
export class RunningDigest {
	private readonly hash: Hash = createHash('sha256');
	private bytes = 0;

	update(chunk: Buffer): void {
		this.hash.update(chunk);
		this.bytes += chunk.length;
	}

	get size(): number {
		return this.bytes;
	}

	digestBase64(): string {
		return this.hash.digest('base64');
	}
}
