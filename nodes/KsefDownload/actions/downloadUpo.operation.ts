import { binaryPropertyProperty, ksefNumberProperty, requiredText, showFor } from './parameters';
import type { DownloadOperation } from './types';

export const downloadUpo: DownloadOperation = {
	description: [
		{
			displayName: 'Session Reference Number',
			name: 'sessionReferenceNumber',
			type: 'string',
			default: '={{ $json.sessionReferenceNumber }}',
			required: true,
			placeholder: 'e.g. 20260101-SO-0000000000-0000000000-00',
			description: 'The session the invoice was sent in, as KSeF Send Invoice or Batch Send output it',
			displayOptions: showFor(['downloadUpo']),
		},
		ksefNumberProperty(['downloadUpo']),
		binaryPropertyProperty(['downloadUpo'], 'upo'),
	],

	async execute(ctx, client, itemIndex) {
		const sessionReferenceNumber = requiredText(ctx, 'sessionReferenceNumber', 'Session Reference Number', itemIndex);
		const ksefNumber = requiredText(ctx, 'ksefNumber', 'KSeF Number', itemIndex);
		const property = ctx.getNodeParameter('binaryPropertyName', itemIndex, 'upo') as string;
		const upo = await client.downloadInvoiceUpo(sessionReferenceNumber, { ksefNumber });
		return [
			{
				json: { ksefNumber, sessionReferenceNumber },
				binary: { [property]: await ctx.helpers.prepareBinaryData(upo, `UPO-${ksefNumber}.xml`, 'application/xml') },
			},
		];
	},
};
