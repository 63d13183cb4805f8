import type { IDataObject } from 'n8n-workflow';
import type { InvoiceOutcome } from '../../src';
import { explainStatus } from '../../src/errors/codes';

/** One invoice's result as the JSON a workflow maps from: flat, named for accountants, nulls where KSeF has nothing yet. */
export function outcomeJson(outcome: InvoiceOutcome): IDataObject {
	const code = outcome.status?.code;
	const advice = code !== undefined ? explainStatus(code, 'invoice') : undefined;
	return {
		outcome: outcome.outcome,
		ksefNumber: outcome.ksefNumber ?? null,
		invoiceNumber: outcome.invoiceNumber ?? null,
		statusCode: code ?? null,
		statusDescription: outcome.status?.description ?? null,
		statusDetails: outcome.status?.details ?? [],
		explanation: advice ? `${advice.meaning} ${advice.whatToDo}` : null,
		duplicate: outcome.outcome === 'duplicate',
		originalKsefNumber: outcome.originalKsefNumber ?? null,
		originalSessionReferenceNumber: outcome.originalSessionReferenceNumber ?? null,
		invoiceReferenceNumber: outcome.invoiceReferenceNumber ?? null,
		sessionReferenceNumber: outcome.sessionReferenceNumber ?? null,
		invoiceHash: outcome.invoiceHash ?? null,
		acquisitionDate: outcome.acquisitionDate ?? null,
		permanentStorageDate: outcome.permanentStorageDate ?? null,
		problem: outcome.problem ?? null,
		warning: outcome.warning ?? null,
	};
}
