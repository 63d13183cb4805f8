import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { KsefApiError } from '../../src';
import { describeKsefError } from '../../src/errors/describe';

/**
 * A KsefError as n8n shows it: the message says what happened and names the item (`[item 2]`, n8n's own form),
 * the description what to do. Secrets passed in are scrubbed from both, as a last line of defence (the client
 * never puts them there).
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, secrets: string[]): NodeApiError | NodeOperationError {
	const { message, description } = describeKsefError(error, secrets);
	const shown = `${message.replace(/[.\s]+$/, '')} [item ${itemIndex}]`;
	const nodeError =
		error instanceof KsefApiError
			? new NodeApiError(node, { httpStatus: error.httpStatus, exceptionCode: error.exceptionCode ?? null } as JsonObject, {
					message: shown,
					description,
					httpCode: String(error.httpStatus),
					itemIndex,
				})
			: new NodeOperationError(node, shown, { description, itemIndex });
	// n8n swaps any message containing ECONNREFUSED, ENOTFOUND, EACCES, … for a generic sentence of its own and
	// would drop ours with its advice; our messages already say it in words, so they are put back.
	nodeError.message = shown;
	if (description) nodeError.description = description;
	return nodeError;
}
