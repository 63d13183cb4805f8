import { sha256Base64 } from '../crypto/hash';
import { ksefNumberProblem, normalizeKsefNumber } from '../domain/ksefNumber';
import { KsefApiError, KsefError } from '../errors/KsefError';
import { KsefInputError } from '../errors/KsefInputError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { sleep as defaultSleep, type Sleep } from '../http/retry';

/** Accepted and numbered, but not yet in permanent storage: KSeF asks to try again a little later. */
const NOT_YET_AVAILABLE = 21165;
const NOT_FOUND = 21164;

export interface DownloadedInvoice {
	/** The invoice file exactly as the seller sent it; hashes and KOD I are computed over these bytes. */
	xml: Buffer;
	/** Base64 SHA-256 KSeF reported (x-ms-meta-hash), already checked against `xml`. */
	hash?: string;
}

export interface DownloadOptions {
	sleep?: Sleep;
	/** Tries while KSeF answers 21165 (not yet available). */
	attempts?: number;
	/** First wait after 21165; doubles with each try. */
	firstDelayMs?: number;
}

/** The invoice XML by its KSeF number, checked against the hash KSeF sends with it. */
export async function downloadInvoice(api: AuthorizedApi, ksefNumber: string, options: DownloadOptions = {}): Promise<DownloadedInvoice> {
	const number = validKsefNumber(ksefNumber);
	const sleep = options.sleep ?? defaultSleep;
	const attempts = options.attempts ?? 4;
	const firstDelayMs = options.firstDelayMs ?? 2_000;
	for (let attempt = 1; ; attempt++) {
		try {
			const { body, headers } = await api.bytes({ method: 'GET', path: `/invoices/ksef/${encodeURIComponent(number)}` }, 'application/xml');
			return { xml: body, hash: verifiedHash(number, body, headers['x-ms-meta-hash']) };
		} catch (error) {
			if (!(error instanceof KsefApiError)) throw error;
			if (error.exceptionCode === NOT_YET_AVAILABLE && attempt < attempts) {
				await sleep(firstDelayMs * 2 ** (attempt - 1));
				continue;
			}
			if (error.exceptionCode === NOT_FOUND) throw notFound(number, error);
			throw error;
		}
	}
}

function validKsefNumber(value: string): string {
	const number = normalizeKsefNumber(value);
	const problem = ksefNumberProblem(number);
	if (problem) {
		throw new KsefInputError('KSeF Number', problem.replace(/\.$/, ''), 'Map the ksefNumber field of a previous KSeF node, e.g. {{ $json.ksefNumber }}.');
	}
	return number;
}

function verifiedHash(ksefNumber: string, xml: Buffer, declared: string | undefined): string | undefined {
	if (declared && declared !== sha256Base64(xml)) {
		throw new KsefError(`The invoice ${ksefNumber} arrived damaged: its SHA-256 does not match the x-ms-meta-hash KSeF sent. Download it again.`);
	}
	return declared;
}

/** Keeps the API error's status and codes (nodes explain 21164 from them) with a message that names the number. */
function notFound(ksefNumber: string, error: KsefApiError): KsefApiError {
	return new KsefApiError({
		httpStatus: error.httpStatus,
		method: error.method,
		path: error.path,
		exceptions: error.exceptions,
		referenceNumber: error.referenceNumber,
		serviceCode: error.serviceCode,
		message: `KSeF has no invoice with KSeF number ${ksefNumber} in this context (21164).`,
	});
}
