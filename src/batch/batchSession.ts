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
