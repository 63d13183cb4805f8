import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { errorItem } from './errorItem';
import { toNodeError } from './errors';

type ItemResult = { output: INodeExecutionData[] } | { error: unknown };

/**
 * The per-item loop every node shares: each input item's outputs are paired to it, and a failing item either
 * stops the node with an error naming the item or, with Continue On Fail, yields exactly one error item.
 * Up to `concurrency` items run at once; output keeps input order, and after a failure that stops the node no
 * further item is started.
 */
export async function mapItems(
	ctx: IExecuteFunctions,
	secrets: string[],
	produce: (itemIndex: number) => Promise<INodeExecutionData[]>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const results: ItemResult[] = new Array(count);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < count) {
			const itemIndex = next++;
			try {
				results[itemIndex] = { output: await produce(itemIndex) };
			} catch (error) {
				results[itemIndex] = { error };
				if (!continueOnFail) stopped = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const result = results[itemIndex];
		if (!result) continue;
		if ('output' in result) {
			returnData.push(...result.output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
			continue;
		}
		const nodeError = toNodeError(ctx.getNode(), result.error, itemIndex, secrets);
		if (!continueOnFail) throw nodeError;
		returnData.push(errorItem(nodeError, itemIndex));
	}
	return returnData;
}

/**
 * A node's whole run. An error that escapes it happened before any item could be processed (the credential
 * unreadable, the client not created, an agent refused on PROD); with Continue On Fail n8n would then pass the
 * input items on unchanged, as if they had succeeded. Here every input item carries that error instead.
 */
export async function everyItemFailsOnSetupError(ctx: IExecuteFunctions, run: () => Promise<INodeExecutionData[][]>): Promise<INodeExecutionData[][]> {
	try {
		return await run();
	} catch (error) {
		if (!ctx.continueOnFail()) {
			const nodeError = error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error);
			throw nodeError;
		}
		return [ctx.getInputData().map((_, itemIndex) => errorItem(toNodeError(ctx.getNode(), error, itemIndex, []), itemIndex))];
	}
}
