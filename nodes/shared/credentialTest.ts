import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { KsefClient } from '../../src';
import { describeKsefError } from '../../src/errors/describe';
import { connectionFromCredential } from './credentials';
import { requestLogger, userAgent } from './n8nServices';

/**
 * Runs the real authentication (token: certificates, challenge, encrypted token, polling, redeem; certificate:
 * challenge, XAdES-signed request, polling, redeem): neither can be checked with one GET. Referenced from every
 * node with `testedBy: 'ksefApiCredentialTest'`.
 */
export async function ksefApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let secrets: string[] = [];
	try {
		const connection = connectionFromCredential(credential.data ?? {});
		secrets = connection.secrets;
		const client = new KsefClient({
			...connection.options,
			authPollMaxWaitMs: 30_000,
			retry: { maxAttempts: 2 },
			userAgent: userAgent(),
			onRequest: requestLogger(this.logger),
		});
		const tokens = await client.authenticate();
		const validUntil = new Date(tokens.accessTokenValidUntilMs).toISOString();
		const how = connection.method === 'certificate' ? `Signed in with ${client.signerDescription()}` : 'Authenticated with the KSeF token';
		return { status: 'OK', message: `${how} in the context of NIP ${connection.options.nip} (access valid until ${validUntil})` };
	} catch (error) {
		const { message, description } = describeKsefError(error, secrets);
		return { status: 'Error', message: description ? `${message} ${description}` : message };
	}
}
