import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { errorItem } from './errorItem';
import { toNodeError } from './errors';

/**
 * The per-item loop every node shares: each input item's outputs are paired to it, and a failing item either
 * stops the node with an error naming the item or, with Continue On Fail, yields exactly one error item.
 */
export async function mapItems(
	ctx: IExecuteFunctions,
	secrets: string[],
	produce: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const output = await produce(itemIndex);
			returnData.push(...output.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, itemIndex, secrets);
			if (!ctx.continueOnFail()) throw nodeError;
			returnData.push(errorItem(nodeError, itemIndex));
		}
	}
	return returnData;
}
