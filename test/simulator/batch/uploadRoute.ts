/**
 * The pre-signed part upload URL (PUT, `x-ms-blob-type: BlockBlob`), imitating Azure blob storage: refuses a
 * bearer token and checks the signature; the part's size and SHA-256 are KSeF's to check, after close.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { storageError, storageRefusal } from '../reading/storageLinks';
import type { Reply, RequestContext } from '../router';
import type { Simulator } from '../simulator';
import { refreshSessionStatus } from '../processing/sessionStatus';
import { blobPath } from './blobStore';

export const UPLOAD_TEMPLATE = '/upload/{referenceNumber}/{ordinalNumber}';

export function uploadPath(referenceNumber: string, ordinalNumber: number): string {
	return `/upload/${referenceNumber}/${ordinalNumber}`;
}

export async function uploadPart(sim: Simulator, ctx: RequestContext): Promise<Reply> {
	const refusal = uploadRefusal(sim, ctx);
	if (refusal) {
		// Drain the body so the client reads the refusal instead of a reset connection.
		ctx.request?.resume();
		return refusal;
	}
	const { referenceNumber, ordinalNumber } = ctx.params;
	const part = sim.state.sessions[referenceNumber]?.batchFile?.parts.find((p) => p.ordinalNumber === Number(ordinalNumber));
	if (!part) throw new Error('part vanished during upload');
	const blobName = `${referenceNumber}-${ordinalNumber}.part`;
	const path = blobPath(sim, blobName);
	const hash = createHash('sha256');
	const md5 = createHash('md5');
	let size = 0;
	const measure = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			hash.update(chunk);
			md5.update(chunk);
			size += chunk.length;
			done(null, chunk);
		},
	});
	if (!ctx.request) throw new Error('upload route registered without streamBody');
	await pipeline(ctx.request, measure, createWriteStream(path));
	const digest = hash.digest('base64');
	// The storage behind the pre-signed URL does not know the size and hash declared to KSeF: it keeps whatever
	// arrives, and KSeF reports a mismatch only after close (session status 405).
	part.blobName = blobName;
	part.uploaded = true;
	part.uploadedSize = size;
	part.uploadedHash = digest;
	// Azure answers an upload with the content's MD5 and an ETag; clients may log them, none need more.
	return { status: 201, headers: { 'Content-MD5': md5.digest('base64'), ETag: `"0x${createHash('sha1').update(digest).digest('hex').slice(0, 15).toUpperCase()}"` } };
}

function uploadRefusal(sim: Simulator, ctx: RequestContext): Reply | undefined {
	const { referenceNumber, ordinalNumber } = ctx.params;
	const refusal = storageRefusal(sim, uploadPath(referenceNumber, Number(ordinalNumber)), ctx);
	if (refusal) return refusal;
	if (ctx.headers['x-ms-blob-type'] !== 'BlockBlob') return storageError(400, 'MissingRequiredHeader', 'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type.');
	const session = sim.state.sessions[referenceNumber];
	const part = session?.batchFile?.parts.find((p) => p.ordinalNumber === Number(ordinalNumber));
	if (!session || !part) return storageError(404, 'ResourceNotFound', 'The specified resource does not exist.');
	if (session.closed || refreshSessionStatus(sim, session).status.code !== 100) {
		return storageError(403, 'AuthorizationFailure', 'This request is not authorized to perform this operation: the session no longer accepts uploads.');
	}
	return undefined;
}
