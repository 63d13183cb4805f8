import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { KsefClient } from '../../src';
import { describeKsefError } from '../../src/errors/describe';
import { connectionFromCredential } from './credentials';

/**
 * Runs the real token authentication (certificates, challenge, encrypted token, polling, redeem): a KSeF token
 * cannot be checked with one GET. Referenced from every node with `testedBy: 'ksefApiCredentialTest'`.
 */
export async function ksefApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let token = '';
	try {
		const connection = connectionFromCredential(credential.data ?? {});
		token = connection.token;
		const tokens = await new KsefClient({ ...connection, authPollMaxWaitMs: 30_000, retry: { maxAttempts: 2 } }).authenticate();
		const validUntil = new Date(tokens.accessTokenValidUntilMs).toISOString();
		return { status: 'OK', message: `Authenticated in the context of NIP ${connection.nip} (access valid until ${validUntil})` };
	} catch (error) {
		const { message, description } = describeKsefError(error, [token]);
		return { status: 'Error', message: description ? `${message} ${description}` : message };
	}
}
