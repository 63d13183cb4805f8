import { sha256Base64 } from '../crypto/hash';
import { ksefNumberProblem } from '../domain/ksefNumber';
import { KsefApiError, KsefError } from '../errors/KsefError';
import { KsefInputError } from '../errors/KsefInputError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';

/** KSeF answers 21165 for an invoice it has accepted but not yet stored for download. */
const NOT_YET_AVAILABLE = 21165;
const NOT_FOUND = 21164;

/** The invoice XML exactly as stored in KSeF (byte for byte what the seller sent), hash-checked. */
export async function downloadInvoice(api: AuthorizedApi, ksefNumber: string, options: { sleep?: Sleep; attempts?: number } = {}): Promise<Buffer> {
	const number = ksefNumber.trim();
	const problem = ksefNumberProblem(number);
	if (problem) throw new KsefInputError('KSeF Number', problem.replace(/\.$/, ''), 'Map the ksefNumber field of a previous KSeF node, e.g. {{ $json.ksefNumber }}.');
	const sleep = options.sleep ?? defaultSleep;
	const attempts = options.attempts ?? 4;
	for (let attempt = 1; ; attempt++) {
		try {
			const { body, headers } = await api.bytes({ method: 'GET', path: `/invoices/ksef/${encodeURIComponent(number)}` }, 'application/xml');
			const declared = headers['x-ms-meta-hash'];
			if (declared && declared !== sha256Base64(body)) {
				throw new KsefError(`The invoice ${number} arrived damaged (its SHA-256 does not match the x-ms-meta-hash KSeF sent). Download it again.`);
			}
			return body;
		} catch (error) {
			if (error instanceof KsefApiError && error.exceptionCode === NOT_YET_AVAILABLE && attempt < attempts) {
				await sleep(2_000 * attempt);
				continue;
			}
			if (error instanceof KsefApiError && error.exceptionCode === NOT_FOUND) {
				throw new KsefApiError({
					httpStatus: error.httpStatus,
					method: error.method,
					path: error.path,
					exceptions: error.exceptions,
					message: `KSeF has no invoice ${number} in the context of this credential's NIP (21164).`,
				});
			}
			throw error;
		}
	}
}
