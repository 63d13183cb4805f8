import type { FormCode, OpenBatchSessionRequest, OpenBatchSessionResponse } from '../api/schemas';
import type { AuthorizedApi } from '../http/authorizedApi';
import type { SessionEncryption } from '../sessions/sessionEncryption';
import type { SpooledBatch } from './partSpooler';

export async function openBatchSession(
	api: AuthorizedApi,
	formCode: FormCode,
	spooled: SpooledBatch,
	encryption: SessionEncryption,
	offlineMode: boolean,
): Promise<OpenBatchSessionResponse> {
	const request: OpenBatchSessionRequest = {
		formCode,
		batchFile: {
			fileSize: spooled.fileSize,
			fileHash: spooled.fileHash,
			fileParts: spooled.parts.map(({ ordinalNumber, fileSize, fileHash }) => ({ ordinalNumber, fileSize, fileHash })),
		},
		encryption: encryption.info,
		offlineMode,
	};
	return (await api.json<OpenBatchSessionResponse>({ method: 'POST', path: '/sessions/batch', json: request })).body;
}

/** Closing is what starts processing: KSeF decrypts, joins and unzips the parts only after this call. */
export async function closeBatchSession(api: AuthorizedApi, referenceNumber: string): Promise<void> {
	await api.json<void>({ method: 'POST', path: `/sessions/batch/${encodeURIComponent(referenceNumber)}/close` });
}
