/**
 * Compares what the simulator holds with what the node's items say. The bold columns of the table are the ones
 * that must be zero: an accepted invoice reported as failed or rejected, an invoice with two KSeF numbers, an
 * item lost (missing, or claiming a number KSeF does not have for it), an item without exactly one output,
 * a session left open without anyone being told, a secret in the output.
 */
import { createHash } from 'node:crypto';
import type { INodeExecutionData } from 'n8n-workflow';
import { refreshSessionStatus } from '../../test/simulator/processing/sessionStatus';
import type { Simulator } from '../../test/simulator/simulator';

export interface AuditRow {
	invoices: number;
	injections: number;
	ksefNumbers: number;
	accepted: number;
	duplicate: number;
	rejected: number;
	pending: number;
	failed: number;
	acceptedReportedFailed: number;
	issuedTwice: number;
	lost: number;
	notExactlyOneOutput: number;
	sessionsLeftOpen: number;
	tokenLeaks: number;
}

export const MUST_BE_ZERO: Array<keyof AuditRow> = ['acceptedReportedFailed', 'issuedTwice', 'lost', 'notExactlyOneOutput', 'sessionsLeftOpen', 'tokenLeaks'];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

export function audit(sim: Simulator, files: Buffer[], output: INodeExecutionData[], secrets: string[]): AuditRow {
	const hashes = files.map(sha256);
	const numbersByHash = new Map<string, string[]>();
	for (const record of Object.values(sim.state.invoices)) {
		if (record.finalStatus.code !== 200 || !record.ksefNumber) continue;
		numbersByHash.set(record.invoiceHash, [...(numbersByHash.get(record.invoiceHash) ?? []), record.ksefNumber]);
	}
	const outputsPerItem = new Map<number, INodeExecutionData[]>();
	for (const item of output) {
		const paired = item.pairedItem;
		const index = typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : -1;
		outputsPerItem.set(index, [...(outputsPerItem.get(index) ?? []), item]);
	}
	const row: AuditRow = {
		invoices: files.length,
		injections: Object.values(sim.injected).reduce((sum, n) => sum + n, 0),
		ksefNumbers: hashes.reduce((sum, hash) => sum + (numbersByHash.get(hash)?.length ?? 0), 0),
		accepted: 0,
		duplicate: 0,
		rejected: 0,
		pending: 0,
		failed: 0,
		acceptedReportedFailed: 0,
		issuedTwice: hashes.filter((hash) => (numbersByHash.get(hash)?.length ?? 0) > 1).length,
		lost: 0,
		notExactlyOneOutput: files.filter((_, index) => outputsPerItem.get(index)?.length !== 1).length,
		sessionsLeftOpen: 0,
		tokenLeaks: 0,
	};
	files.forEach((_, index) => {
		const item = outputsPerItem.get(index)?.[0];
		if (!item) {
			row.lost += 1;
			return;
		}
		const json = item.json;
		const outcome = json.error !== undefined ? 'failed' : String(json.outcome);
		if (outcome in row) (row[outcome as 'accepted'] as number) += 1;
		const held = numbersByHash.get(hashes[index]) ?? [];
		if ((outcome === 'failed' || outcome === 'rejected') && held.length > 0) row.acceptedReportedFailed += 1;
		const claimed = typeof json.ksefNumber === 'string' ? json.ksefNumber : undefined;
		const claimsWrongNumber = claimed !== undefined && !held.includes(claimed);
		const acceptedWithoutNumber = outcome === 'accepted' && claimed === undefined;
		const pendingWithoutReferences = outcome === 'pending' && (!json.sessionReferenceNumber || !json.invoiceHash);
		if (claimsWrongNumber || acceptedWithoutNumber || pendingWithoutReferences) row.lost += 1;
	});
	const told = JSON.stringify(output.map((item) => item.json));
	for (const session of Object.values(sim.state.sessions)) {
		if (refreshSessionStatus(sim, session).status.code === 100 && !told.includes(session.referenceNumber)) row.sessionsLeftOpen += 1;
	}
	row.tokenLeaks = secrets.filter((secret) => secret.length >= 6 && told.includes(secret)).length;
	return row;
}

/** Every secret the simulator knows of: the KSeF tokens and every access, refresh and authentication token issued. */
export function secretsOf(sim: Simulator, ksefTokens: string[]): string[] {
	return [
		...ksefTokens,
		...Object.keys(sim.state.tokens),
		...Object.values(sim.state.authOperations).map((operation) => operation.authenticationToken),
	];
}
