import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { KsefInputError } from '../../../src/errors/KsefInputError';
import type { CheckStatusOperationName } from './types';

export function showFor(operations: CheckStatusOperationName[]): INodeProperties['displayOptions'] {
	return { show: { operation: operations } };
}

export function sessionReferenceProperty(operations: CheckStatusOperationName[]): INodeProperties {
	return {
		displayName: 'Session Reference Number',
		name: 'sessionReferenceNumber',
		type: 'string',
		default: '={{ $json.sessionReferenceNumber }}',
		required: true,
		placeholder: '20260101-SO-0000000000-0000000000-00',
		description: 'The reference of the KSeF session, as KSeF Send Invoice or Batch Send output it',
		displayOptions: showFor(operations),
	};
}

/** A required text parameter, trimmed, with an error that names the field when it is empty. */
export function requiredText(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new KsefInputError(label, 'is empty', `Map it from a previous node (e.g. {{ $json.${name} }}) or type it in.`);
	}
	return value;
}
