import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { KsefClient, resolveBaseUrl, type KsefClientOptions, type KsefEnvironment, type SubjectIdentifierType } from '../../src';
import { normalizeNip, nipProblem } from '../../src/domain/nip';
import { redact } from '../../src/errors/describe';
import { certificateMaterialFrom } from './certificateMaterial';
import { systemWarningReporter } from './systemWarnings';
import { n8nServices } from './n8nServices';

export const KSEF_CREDENTIAL = 'ksefApi';

export interface KsefConnection {
	options: Pick<KsefClientOptions, 'baseUrl' | 'nip' | 'token' | 'certificate'>;
	/** Every secret of the credential, so error texts and logs can be scrubbed of them. */
	secrets: string[];
	/** How the credential signs in, for messages: "the KSeF token", "the certificate". */
	method: 'token' | 'certificate';
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The credential's context NIP, normalised (spaces and dashes removed), or an error saying what is wrong with it. */
export function contextNipOf(data: ICredentialDataDecryptedObject): string {
	const nip = normalizeNip(String(data.nip ?? ''));
	const problem = nipProblem(nip);
	if (problem) throw new Error(`Context NIP in the credential: ${problem}`);
	return nip;
}

/** Checks the credential before any network call and says which field to fix. */
export function connectionFromCredential(data: ICredentialDataDecryptedObject): KsefConnection {
	const environment = String(data.environment ?? 'test') as KsefEnvironment;
	const baseUrl = resolveBaseUrl(environment, String(data.baseUrl ?? ''));
	const nip = contextNipOf(data);

	// Credentials saved before certificates existed have no `authentication` field: they are token credentials.
	if (data.authentication !== 'certificate') {
		// Pasted tokens often pick up a trailing newline or spaces; KSeF tokens never contain whitespace.
		const token = text(data.token).trim();
		if (!token) throw new Error('The credential has no KSeF Token. Paste the token exactly as KSeF issued it.');
		return { options: { baseUrl, nip, token }, secrets: [token], method: 'token' };
	}
	const subjectIdentifierType: SubjectIdentifierType = data.subjectIdentifierType === 'certificateFingerprint' ? 'certificateFingerprint' : 'certificateSubject';
	const verifyCertificateChain = data.verifyChain === true;
	const { material, secrets } = certificateMaterialFrom(data);
	return { options: { baseUrl, nip, certificate: { material, subjectIdentifierType, verifyCertificateChain } }, secrets, method: 'certificate' };
}

/** The client for this execution, and the credential's secrets so error texts can be scrubbed of them. */
export async function createClient(ctx: IExecuteFunctions): Promise<{ client: KsefClient; secrets: string[] }> {
	const data = await ctx.getCredentials(KSEF_CREDENTIAL);
	let secrets: string[] = [];
	try {
		const connection = connectionFromCredential(data);
		secrets = connection.secrets;
		// n8nServices carries the cancel signal: cancelling stops uploads and polling; opened sessions are still closed.
		return { client: new KsefClient({ ...connection.options, ...n8nServices(ctx), onSystemWarning: systemWarningReporter(ctx) }), secrets };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), redact((error as Error).message, secrets));
	}
}
