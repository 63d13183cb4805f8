import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { errorItem } from './errorItem';
import { toNodeError } from './errors';

/**
 * One result slot per input item, for nodes that handle their items together (one session for all of them):
 * each slot is filled with the item's result or, with Continue On Fail, its error; without it, the first
 * error stops the node. `all()` refuses to return a list with a hole, so no item is ever silently dropped.
 */
export class ItemResults {
	/** Values to scrub from error texts (the KSeF token, once the credential has been read). */
	readonly secrets: string[] = [];
	private readonly results: Array<INodeExecutionData | undefined>;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.results = new Array(ctx.getInputData().length);
	}

	set(itemIndex: number, item: INodeExecutionData): void {
		this.results[itemIndex] = item;
	}

	/** `references`: what the item knew (session, invoice hash), kept on its error item. `description` is appended when the node stops. */
	fail(itemIndex: number, error: unknown, references: IDataObject = {}, stopDescription?: string): void {
		const nodeError = toNodeError(this.ctx.getNode(), error, itemIndex, this.secrets);
		if (!this.ctx.continueOnFail()) {
			if (stopDescription) nodeError.description = `${nodeError.description ?? ''} ${stopDescription}`.trim();
			throw nodeError;
		}
		this.results[itemIndex] = errorItem(nodeError, itemIndex, references);
	}

	all(): INodeExecutionData[] {
		const returnData = this.results.filter((item): item is INodeExecutionData => item !== undefined);
		if (returnData.length !== this.results.length) {
			throw new NodeOperationError(this.ctx.getNode(), 'Internal error: an input item got no result. Please report this.');
		}
		return returnData;
	}
}
