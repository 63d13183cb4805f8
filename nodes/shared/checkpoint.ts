import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { RangeCheckpoint } from '../../src';

/** The option Query Invoices and Export Invoices share: the checkpoint of the run on every item. */
export const includeCheckpointOption: INodeProperties = {
	displayName: 'Include Checkpoint',
	name: 'includeCheckpoint',
	type: 'boolean',
	default: false,
	description:
		'Whether to add "checkpoint" to every item, for your own incremental loop: permanentStorageHwmDate, isTruncated, nextFrom (store it and use it as From next time, with Date Type Permanent Storage and Only Up to Storage High-Water Mark) and deliveredAtNextFrom (KSeF numbers that run returns again; skip them). When no invoice is found, one item { invoiceCount: 0, checkpoint } is output instead of none.',
	hint: 'KSeF Trigger runs this loop for you',
};

/**
 * The items with the checkpoint on each (one shared object: it describes the whole run), or, when there are
 * none, the one item a loop needs to store its checkpoint.
 */
export function withCheckpoint(items: INodeExecutionData[], checkpoint: RangeCheckpoint): INodeExecutionData[] {
	const json = checkpoint as unknown as IDataObject;
	if (!items.length) return [{ json: { invoiceCount: 0, checkpoint: json } }];
	return items.map((item) => ({ ...item, json: { ...item.json, checkpoint: json } }));
}
