import type { IDataObject } from 'n8n-workflow';
import type { InvoiceOutcome } from '../../src';

/** What a failed invoice still knew: kept on its error item (Continue On Fail). */
export function failedReferences(outcome: InvoiceOutcome): IDataObject {
	return { outcome: 'failed', sessionReferenceNumber: outcome.sessionReferenceNumber ?? null, invoiceHash: outcome.invoiceHash ?? null };
}

/**
 * When one failed invoice stops the node, the other items' results are not shown; this says where they are.
 * Every outcome but `failed` may be held by KSeF (pending ones included), so all of those are counted.
 */
export function reachedKsefSummary(outcomes: readonly InvoiceOutcome[]): string {
	const reached = outcomes.filter((outcome) => outcome.outcome !== 'failed');
	const sessions = [...new Set(reached.map((outcome) => outcome.sessionReferenceNumber).filter((ref): ref is string => !!ref))];
	const counts = (['accepted', 'duplicate', 'rejected', 'pending'] as const)
		.map((kind) => [kind, reached.filter((outcome) => outcome.outcome === kind).length] as const)
		.filter(([, count]) => count > 0)
		.map(([kind, count]) => `${count} ${kind}`);
	const where = sessions.length ? ` in session ${sessions.join(', ')}` : '';
	const failed = outcomes.length - reached.length;
	return (
		`${reached.length} of the ${outcomes.length} invoice(s) of this execution reached KSeF${where}${counts.length ? ` (${counts.join(', ')})` : ''}; ` +
		`${failed} did not. See KSeF Check Status for those sessions. Running the workflow again is safe: KSeF reports the ones it holds as duplicates with their KSeF numbers. ` +
		'Turn on "Continue On Fail" to get every item\'s own result.'
	);
}
