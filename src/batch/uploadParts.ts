import { createReadStream } from 'node:fs';
import type { PartUploadRequest } from '../api/schemas';
import { KsefError } from '../errors/KsefError';
import type { HttpClient, HttpMethod } from '../http/httpClient';
import { retryDelayMs, type RetryPolicy, type Sleep } from '../http/retry';
import { mapConcurrent } from '../util/mapConcurrent';
import type { SpooledPart } from './partSpooler';

export interface UploadOptions {
	concurrency: number;
	retry: RetryPolicy;
	sleep: Sleep;
}

/**
 * PUTs each encrypted part to the URL KSeF handed out for it, with exactly the method and headers given and no
 * Authorization header (the URLs are pre-signed; storage refuses a bearer token). A part is a file, so a failed
 * upload is simply streamed again, up to the retry policy.
 */
export async function uploadParts(
	http: HttpClient,
	parts: SpooledPart[],
	requests: PartUploadRequest[],
	options: UploadOptions,
): Promise<void> {
	const byOrdinal = new Map(requests.map((request) => [request.ordinalNumber, request]));
	await mapConcurrent(parts, options.concurrency, async (part) => {
		const request = byOrdinal.get(part.ordinalNumber);
		if (!request) throw new KsefError(`KSeF returned no upload URL for batch part ${part.ordinalNumber}.`);
		for (let attempt = 1; ; attempt++) {
			try {
				await http.bytes({
					method: request.method.toUpperCase() as HttpMethod,
					path: request.url,
					headers: { ...stringHeaders(request.headers), 'content-length': String(part.fileSize) },
					body: createReadStream(part.path),
				});
				return;
			} catch (error) {
				// Uploading the same bytes to the same blob again is harmless, so the part counts as idempotent.
				const wait = retryDelayMs(error, attempt, true, options.retry);
				if (wait === undefined) throw error;
				await options.sleep(wait, http.signal);
			}
		}
	});
}

function stringHeaders(headers: PartUploadRequest['headers']): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value !== null && value !== undefined) result[name] = String(value);
	}
	return result;
}
