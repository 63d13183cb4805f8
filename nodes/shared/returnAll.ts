import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** n8n's usual Return All / Limit pair, shown under `show`. */
export function returnAllProperties(show: Show = {}): INodeProperties[] {
	const when = Object.keys(show ?? {}).length ? show : undefined;
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: when ? { show: when } : undefined,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...when, returnAll: [false] } },
		},
	];
}

/** The number of results wanted: undefined for all. */
export function resultLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
