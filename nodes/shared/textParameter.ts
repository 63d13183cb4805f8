import type { IExecuteFunctions } from 'n8n-workflow';
import { KsefInputError } from '../../src/errors/KsefInputError';

/** What arrived, in words a workflow builder recognises: "a number (12345)", "an object with keys a, b". */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'missing';
	if (Array.isArray(value)) return `a list of ${value.length} value(s)`;
	if (typeof value === 'number') return `a number (${value})`;
	if (typeof value === 'boolean') return `a boolean (${value})`;
	if (typeof value === 'object') {
		const keys = Object.keys(value as object);
		return keys.length ? `an object with keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}` : 'an empty object';
	}
	return `a ${typeof value}`;
}

/**
 * A required text parameter, trimmed. An expression can hand over anything (a number, an object, null): the
 * error names the field, what type arrived and what to map instead, before any request is made.
 */
export function requiredText(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, mapHint = `{{ $json.${name} }}`): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === null || value === undefined || (typeof value === 'string' && !value.trim())) {
		throw new KsefInputError(
			label,
			value === null || value === undefined ? `is empty (the expression gave ${describeValue(value)})` : 'is empty',
			`Map it from a previous node (e.g. ${mapHint}) or type it in. After a failed step, an item has no value to map: route failed items elsewhere (On Error: Continue (using error output)).`,
		);
	}
	if (typeof value !== 'string') {
		throw new KsefInputError(label, `is ${describeValue(value)}, not text`, `Map the field that holds the text itself (e.g. ${mapHint}), not a whole object or a number.`);
	}
	return value.trim();
}
