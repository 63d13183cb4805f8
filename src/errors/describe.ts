import { explainException, explainStatus } from './codes';
import { KsefApiError, KsefAuthenticationError, KsefNetworkError } from './KsefError';
import { KsefInputError } from './KsefInputError';
import { EgressRefusedError } from '../http/egress';

export interface ErrorDescription {
	/** What happened, one sentence. */
	message: string;
	/** What to do about it, when we know. */
	description?: string;
}

/** The words a user sees for any error the client throws, with every secret in `secrets` masked. */
export function describeKsefError(error: unknown, secrets: string[] = []): ErrorDescription {
	const raw = describe(error);
	return { message: redact(raw.message, secrets), description: raw.description && redact(raw.description, secrets) };
}

function describe(error: unknown): ErrorDescription {
	if (error instanceof KsefInputError) return { message: `${error.field} ${error.problem}`, description: error.fix };
	if (error instanceof KsefNetworkError) return { message: error.message, description: error.advice };
	if (error instanceof EgressRefusedError) return { message: error.message, description: error.advice };
	if (error instanceof KsefApiError) {
		if (error.advice) return { message: error.message, description: error.advice };
		if (error.presignedUrl && error.httpStatus === 403) {
			return {
				message: `The storage refused the upload link KSeF handed out (403 on ${error.method} ${error.path}): the link was refused or has expired`,
				description: 'Upload links are valid for a limited time and only without the Authorization header. Run the send again: a new batch session gets fresh links. If it keeps happening, the clock of this machine or a proxy that alters requests may be the cause.',
			};
		}
		const advice = error.exceptionCode !== undefined ? explainException(error.exceptionCode) : undefined;
		const generic = error.httpStatus >= 500 && error.method !== 'GET'
			? 'KSeF had a server error; the request may or may not have taken effect. The client checks before repeating anything; KSeF Check Status shows what KSeF holds.'
			: httpAdvice(error.httpStatus);
		return { message: error.message, description: advice ? `${advice.meaning} ${advice.whatToDo}` : generic };
	}
	if (error instanceof KsefAuthenticationError && error.statusCode !== undefined) {
		const advice = explainStatus(error.statusCode, 'auth');
		return { message: error.message, description: advice ? `${advice.meaning} ${advice.whatToDo}` : undefined };
	}
	return { message: error instanceof Error ? error.message : String(error) };
}

function httpAdvice(status: number): string | undefined {
	if (status === 401) return 'KSeF did not accept the access token. Check the credential: the KSeF token may have been revoked, or the certificate replaced.';
	if (status === 403) return 'The signer (token or certificate owner) lacks the permission this operation needs in this NIP context (e.g. InvoiceWrite, InvoiceRead). Grant it in KSeF, or use a credential that has it.';
	if (status === 429) return 'KSeF rate limit reached. Wait the time KSeF asked for, or spread the work over time.';
	if (status >= 500) return 'KSeF had a server error. Try again later; reading changes nothing on KSeF.';
	return undefined;
}

export function redact(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 6) result = result.split(secret).join('***');
	}
	return result;
}
