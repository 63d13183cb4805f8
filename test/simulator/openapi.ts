/**
 * openapi.json is the law: the simulator rejects requests that break it (400, 21405) and, when asked, checks
 * every response it sends against it. Tests use the same validators for the requests a client sends.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENAPI_PATH = join(__dirname, '..', 'fixtures', 'ksef', 'openapi.json');

interface OperationObject {
	parameters?: Array<{ name: string; in: string; required?: boolean; schema?: object }>;
	requestBody?: { content?: Record<string, { schema?: object }> };
	responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

type OpenApiDocument = { paths: Record<string, Record<string, OperationObject>> };

let cached: { doc: OpenApiDocument; ajv: Ajv; requestAjv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Requests may carry date-times without an offset: the spec's `dateRange` description allows them ("bez offsetu,
 * interpretowane jako czas lokalny strefy Europe/Warsaw"), so KSeF accepts them although RFC 3339 `date-time`
 * would not. Responses are still held to the strict format: KSeF always writes an offset.
 */
const DATE_TIME_WITH_OPTIONAL_OFFSET = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function createAjv(lenientDateTime: boolean): Ajv {
	const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	if (lenientDateTime) ajv.addFormat('date-time', DATE_TIME_WITH_OPTIONAL_OFFSET);
	ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
	ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
	ajv.addFormat('double', { type: 'number', validate: () => true });
	ajv.addFormat('float', { type: 'number', validate: () => true });
	ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
	return ajv;
}

function load() {
	if (!cached) {
		const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument & { $id?: string };
		doc.$id = 'openapi.json';
		allowNullWithoutType(doc);
		const ajv = createAjv(false);
		ajv.addSchema(doc);
		const requestAjv = createAjv(true);
		requestAjv.addSchema(doc);
		cached = { doc, ajv, requestAjv };
	}
	return cached;
}

/**
 * OpenAPI 3.0 writes "this $ref, or null" as `{ allOf: [$ref], nullable: true }`; Ajv only understands `nullable`
 * next to `type` and refuses to compile the rest. Rewrites those (in place, so JSON pointers still resolve)
 * to `{ anyOf: [{ allOf: [$ref], ... }, { type: 'null' }] }`.
 */
function allowNullWithoutType(node: unknown): void {
	if (Array.isArray(node)) {
		node.forEach(allowNullWithoutType);
		return;
	}
	if (!node || typeof node !== 'object') return;
	const schema = node as Record<string, unknown>;
	for (const value of Object.values(schema)) allowNullWithoutType(value);
	if (schema.nullable === true && schema.type === undefined) {
		const { description, ...rest } = schema;
		delete rest.nullable;
		for (const key of Object.keys(schema)) delete schema[key];
		Object.assign(schema, { ...(description !== undefined ? { description } : {}), anyOf: [rest, { type: 'null' }] });
	}
}

function pointer(...parts: string[]): string {
	return 'openapi.json#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validatorFor(key: string, ref: string): ValidateFunction {
	const { ajv, requestAjv } = load();
	if (!validators.has(key)) validators.set(key, (key.startsWith('res ') ? ajv : requestAjv).compile({ $ref: ref }));
	return validators.get(key) as ValidateFunction;
}

export function operation(method: string, template: string): OperationObject | undefined {
	return load().doc.paths[template]?.[method.toLowerCase()];
}

export function hasOperation(method: string, template: string): boolean {
	return operation(method, template) !== undefined;
}

function describeErrors(validate: ValidateFunction): string[] {
	return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/** Errors in a JSON request body, or [] when it conforms (or the operation takes no JSON body). */
export function requestBodyErrors(method: string, template: string, body: unknown): string[] {
	const op = operation(method, template);
	const schema = op?.requestBody?.content?.['application/json']?.schema;
	if (!schema) return [];
	const validate = validatorFor(
		`req ${method} ${template}`,
		pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'),
	);
	if (validate(body)) return [];
	return describeErrors(validate);
}

/** Errors in query parameters (types, enums, min/max) against the operation's declared parameters. */
export function queryErrors(method: string, template: string, query: URLSearchParams): string[] {
	const op = operation(method, template);
	const errors: string[] = [];
	for (const [index, param] of (op?.parameters ?? []).entries()) {
		if (param.in !== 'query' || !param.schema) continue;
		const raw = query.getAll(param.name);
		if (raw.length === 0) {
			if (param.required) errors.push(`query parameter ${param.name} is required`);
			continue;
		}
		const schema = param.schema as { type?: string; items?: { type?: string } };
		const value = schema.type === 'array' ? raw.map((r) => coerce(r, schema.items?.type)) : coerce(raw[0], schema.type);
		const key = `query ${method} ${template} ${param.name}`;
		// Compiled by pointer into the document, so `$ref`s in parameter schemas (e.g. SessionType) resolve.
		const validate = validatorFor(key, pointer('paths', template, method.toLowerCase(), 'parameters', String(index), 'schema'));
		if (!validate(value)) errors.push(...describeErrors(validate).map((e) => `${param.name}: ${e}`));
	}
	return errors;
}

function coerce(raw: string, type: string | undefined): unknown {
	if (type === 'integer' || type === 'number') return raw.trim() === '' ? raw : Number(raw);
	if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
	return raw;
}

/** Errors in a JSON response against the spec's schema for that status; [] when none is declared or it conforms. */
export function responseErrors(method: string, template: string, status: number, body: unknown, contentType?: string): string[] {
	const op = operation(method, template);
	const content = op?.responses?.[String(status)]?.content;
	if (!content) return [];
	// Checked against the media type actually sent when the spec declares it (400 and 429 have both shapes).
	const sent = contentType?.split(';')[0].trim();
	const mediaType = [sent, 'application/json', 'application/problem+json'].find((m) => m && content[m]?.schema);
	if (!mediaType) return [];
	const validate = validatorFor(
		`res ${method} ${template} ${status} ${mediaType}`,
		pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', mediaType, 'schema'),
	);
	if (validate(body)) return [];
	return describeErrors(validate);
}
