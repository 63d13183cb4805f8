import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { KsefClient } from '../../../src';

/** One operation of the node: its own parameters and what it makes of one input item. */
export interface DownloadOperation {
	description: INodeProperties[];
	/** Returns the output items for input item `itemIndex`, without pairedItem (the router adds it). */
	execute(ctx: IExecuteFunctions, client: KsefClient, itemIndex: number): Promise<INodeExecutionData[]>;
}

export type DownloadOperationName = 'downloadInvoice' | 'downloadUpo' | 'exportInvoices';
