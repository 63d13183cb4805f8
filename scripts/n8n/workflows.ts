/** The example workflows, pointed at a given invoice folder, and the credential they expect. */
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialToImport, WorkflowJson } from './instance';
import { PROJECT_ROOT } from './paths';

export const EXAMPLES_DIR = join(PROJECT_ROOT, 'examples');
export const SAMPLE_INVOICES_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'invoices');
/** Where the examples expect invoices by default (n8n's Docker image: /home/node/.n8n-files). */
const DEFAULT_INVOICES_DIR = '/home/node/.n8n-files/ksef-invoices';

/** The buyer on the official samples (Podmiot2), a subject of the simulator too, so purchases can be synced. */
export const SAMPLE_BUYER = { nip: '1111111111', token: '20260101-EC-0B0B0B0B0B-0B0B0B0B0B-0B|nip-1111111111|buyer-demo-token' };

/** The simulator's Authentication certificate as a `KSeF API` credential's fields (PEM pair, encrypted key). */
export function certificateCredentialData(simulator: SimulatorConnection): Record<string, unknown> {
	return {
		environment: 'custom',
		baseUrl: simulator.baseUrl,
		authentication: 'certificate',
		materialFormat: 'pem',
		crtPem: simulator.certificate.certificatePem,
		privateKey: simulator.certificate.privateKeyPem,
		privateKeyPassword: simulator.certificate.password,
		subjectIdentifierType: 'certificateSubject',
		nip: simulator.nip,
	};
}

interface SimulatorConnection {
	baseUrl: string;
	token: string;
	nip: string;
	certificate: { certificatePem: string; privateKeyPem: string; password: string };
}

/**
 * The credentials the examples use, one of each kind: the seller signs in with a certificate (XAdES, what keeps
 * working after KSeF tokens are withdrawn) and sends; the buyer signs in with a KSeF token and receives. The
 * seller's token credential is there too, for comparison in the editor.
 */
export function simulatorCredentials(simulator: SimulatorConnection): CredentialToImport[] {
	const tokenData = (token: string, nip: string) => ({ environment: 'custom', baseUrl: simulator.baseUrl, authentication: 'token', token, nip });
	return [
		{ id: 'ksefSimulator', name: 'KSeF seller, certificate (simulator)', type: 'ksefApi', data: certificateCredentialData(simulator) },
		{ id: 'ksefSimulatorToken', name: 'KSeF seller, token (simulator)', type: 'ksefApi', data: tokenData(simulator.token, simulator.nip) },
		{ id: 'ksefSimulatorBuyer', name: 'KSeF buyer, token (simulator)', type: 'ksefApi', data: tokenData(SAMPLE_BUYER.token, SAMPLE_BUYER.nip) },
	];
}

export function loadExample(fileName: string, invoicesDir: string): WorkflowJson {
	const text = readFileSync(join(EXAMPLES_DIR, fileName), 'utf8').split(DEFAULT_INVOICES_DIR).join(invoicesDir);
	return JSON.parse(text) as WorkflowJson;
}

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json'));
}

/** Copies the official FA(3) samples the demo sends (no attachments: those need Batch Send and a permission). */
export function copySampleInvoices(targetDir: string, names = ['FA_3_Przyklad_1.xml', 'FA_3_Przyklad_2.xml', 'FA_3_Przyklad_10.xml', 'FA_3_Przyklad_4.xml']): string[] {
	mkdirSync(targetDir, { recursive: true });
	for (const name of names) copyFileSync(join(SAMPLE_INVOICES_DIR, name), join(targetDir, name));
	return names;
}

/**
 * The workflow with its KSeF Trigger `triggerName` set to backfill from `startDate` (*Start From: A Date*)
 * instead of the example's *Now*: then the poll n8n runs when it activates the workflow already has the invoices
 * sent since, and nobody waits for the next scheduled poll.
 */
export function backfillFrom(workflow: WorkflowJson, triggerName: string, startDate: string): WorkflowJson {
	const nodes = workflow.nodes as Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	const trigger = nodes.find((node) => node.name === triggerName && node.type.endsWith('.ksefTrigger'));
	if (!trigger) throw new Error(`${workflow.id} has no KSeF Trigger named "${triggerName}"`);
	return { ...workflow, nodes: nodes.map((node) => (node === trigger ? { ...node, parameters: { ...node.parameters, start: 'date', startDate } } : node)) };
}
