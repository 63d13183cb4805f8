import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { KsefApiError } from '../../src';
import { describeKsefError } from '../../src/errors/describe';

/**
 * A KsefError as n8n shows it: the message says what happened, the description what to do. Secrets passed in
 * are scrubbed from both, as a last line of defence (the client never puts them there).
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, secrets: string[]): NodeApiError | NodeOperationError {
	const { message, description } = describeKsefError(error, secrets);
	if (error instanceof KsefApiError) {
		return new NodeApiError(node, { httpStatus: error.httpStatus, exceptionCode: error.exceptionCode ?? null } as JsonObject, {
			message,
			description,
			httpCode: String(error.httpStatus),
			itemIndex,
		});
	}
	return new NodeOperationError(node, message, { description, itemIndex });
}
