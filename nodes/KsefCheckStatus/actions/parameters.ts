import type { INodeProperties } from 'n8n-workflow';
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

export { requiredText } from '../../shared/textParameter';
