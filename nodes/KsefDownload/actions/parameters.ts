import type { INodeProperties } from 'n8n-workflow';
import type { DownloadOperationName } from './types';

export function showFor(operations: DownloadOperationName[]): INodeProperties['displayOptions'] {
	return { show: { operation: operations } };
}

export function ksefNumberProperty(operations: DownloadOperationName[]): INodeProperties {
	return {
		displayName: 'KSeF Number',
		name: 'ksefNumber',
		type: 'string',
		default: '={{ $json.ksefNumber }}',
		required: true,
		placeholder: 'e.g. 5265877635-20250826-0100001AF629-AF',
		hint: 'The number KSeF assigned on acceptance (numer KSeF), e.g. from KSeF Query Invoices or Send Invoice',
		displayOptions: showFor(operations),
	};
}

export function binaryPropertyProperty(operations: DownloadOperationName[], fallback: string): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: fallback,
		required: true,
		hint: 'The name of the output binary field to put the XML file in',
		displayOptions: showFor(operations),
	};
}

export const parseJsonOption: INodeProperties = {
	displayName: 'Parse to JSON',
	name: 'parseJson',
	type: 'boolean',
	default: true,
	description: 'Whether to add the invoice as JSON (field "invoice"), so the next node can map e.g. Fa.P_15 without an XML step',
	hint: 'Amounts stay text with their exact digits; repeated elements such as FaWiersz (invoice lines) are always lists',
};

export { requiredText } from '../../shared/textParameter';
