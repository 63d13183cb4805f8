import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

/** Whether the node is set to "On Error: Continue (using error output)". */
export function usesErrorOutput(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().onError === 'continueErrorOutput';
}

/**
 * An invoice KSeF refused is not a failure of the node (the other invoices of the run are fine and must not be
 * hidden by a stop), but it must not pass as success either. With the error output chosen it goes there, shaped
 * as n8n's engine expects (only `error` and `details`), with its references and KSeF's reason under `details`;
 * otherwise it stays an item with `outcome: "rejected"` and the node shows a hint (outcomeHints).
 */
export function routeOutcome(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): INodeExecutionData {
	const json = item.json;
	if (json.outcome !== 'rejected' || !usesErrorOutput(ctx)) return item;
	const reason = [json.statusCode, json.statusDescription].filter((part) => part !== null && part !== undefined).join(' ');
	const details = Array.isArray(json.statusDetails) && json.statusDetails.length ? ` (${json.statusDetails.join('; ')})` : '';
	return {
		json: {
			error: `${json.invoiceNumber ? `Invoice ${String(json.invoiceNumber)}` : 'The invoice'} was rejected by KSeF: ${reason || 'no reason given'}${details} [item ${itemIndex}]`,
			details: { ...json, itemIndex } as IDataObject,
		},
		binary: item.binary,
		pairedItem: item.pairedItem,
	};
}

/**
 * Hints on the output pane, so a run whose invoices KSeF rejected (or has not finished) does not look like a
 * clean success. Older n8n versions without execution hints simply show none.
 */
export function outcomeHints(ctx: IExecuteFunctions, outcomes: Array<string | undefined>): void {
	const count = (name: string) => outcomes.filter((outcome) => outcome === name).length;
	const total = outcomes.length;
	const hints: NodeExecutionHint[] = [];
	const rejected = count('rejected');
	if (rejected > 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: usesErrorOutput(ctx)
				? `${rejected} of ${total} invoice(s) were rejected by KSeF; they are on the error output with KSeF's reason under details.`
				: `${rejected} of ${total} invoice(s) were rejected by KSeF; see \`outcome\` and \`explanation\` on those items, or set On Error to "Continue (using error output)" to branch on them.`,
		});
	}
	const pending = count('pending');
	if (pending > 0) {
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `${pending} of ${total} invoice(s) are still being processed by KSeF (\`outcome: pending\`). Check them later with KSeF Check Status → Invoice Status, using \`sessionReferenceNumber\` and \`invoiceReferenceNumber\`.`,
		});
	}
	const duplicates = count('duplicate');
	if (duplicates > 0) {
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `${duplicates} of ${total} invoice(s) were already in KSeF (\`outcome: duplicate\`); \`originalKsefNumber\` holds their KSeF number. Nothing was sent twice.`,
		});
	}
	if (hints.length && typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints(...hints);
}
