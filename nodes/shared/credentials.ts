import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { KsefClient, resolveBaseUrl, type KsefEnvironment } from '../../src';
import { normalizeNip, nipProblem } from '../../src/domain/nip';

export const KSEF_CREDENTIAL = 'ksefApi';

export interface KsefConnection {
	baseUrl: string;
	token: string;
	nip: string;
}

/** Checks the credential before any network call and says which field to fix. */
export function connectionFromCredential(data: ICredentialDataDecryptedObject): KsefConnection {
	const environment = String(data.environment ?? 'test') as KsefEnvironment;
	const baseUrl = resolveBaseUrl(environment, String(data.baseUrl ?? ''));
	// Pasted tokens often pick up a trailing newline or spaces; KSeF tokens never contain whitespace.
	const token = String(data.token ?? '').trim();
	if (!token) throw new Error('The credential has no KSeF Token. Paste the token exactly as KSeF issued it.');
	const nip = normalizeNip(String(data.nip ?? ''));
	const problem = nipProblem(nip);
	if (problem) throw new Error(`Context NIP in the credential: ${problem}`);
	return { baseUrl, token, nip };
}

/** The client for this execution, and the token so error texts can be scrubbed of it. */
export async function createClient(ctx: IExecuteFunctions): Promise<{ client: KsefClient; token: string }> {
	const data = await ctx.getCredentials(KSEF_CREDENTIAL);
	try {
		const connection = connectionFromCredential(data);
		// Cancelling the execution in n8n stops uploads and polling; sessions already opened are still closed.
		const signal = ctx.getExecutionCancelSignal?.();
		return { client: new KsefClient({ ...connection, signal }), token: connection.token };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
}
