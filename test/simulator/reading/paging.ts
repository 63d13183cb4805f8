/**
 * Continuation-token paging as KSeF does it for session lists: the client sends the token from the previous
 * body in the `x-continuation-token` request header; no token in the body means the last page.
 * Tokens carry the sort key of the last item returned (not an offset), so items added meanwhile, or items that
 * stopped matching a filter, do not shift or break the following pages.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { badRequest } from '../errors';

export type SortKey = Array<string | number>;

interface TokenPayload {
	/** Which list the token belongs to, so a token from /sessions is not accepted by /sessions/{ref}/invoices. */
	list: string;
	after: SortKey;
}

export function continuationTokenFrom(headers: IncomingHttpHeaders): string | undefined {
	const raw = headers['x-continuation-token'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	return value && value.trim() !== '' ? value.trim() : undefined;
}

function invalidToken() {
	return badRequest(21418, 'Przekazany token kontynuacji ma nieprawidłowy format.');
}

function encode(payload: TokenPayload): string {
	return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

function decode(token: string, list: string): TokenPayload {
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
	} catch {
		throw invalidToken();
	}
	const payload = parsed as Partial<TokenPayload> | null;
	const validKey = Array.isArray(payload?.after) && payload.after.every((k) => typeof k === 'string' || typeof k === 'number');
	if (!payload || typeof payload !== 'object' || payload.list !== list || !validKey) throw invalidToken();
	return { list, after: payload.after as SortKey };
}

function compareKeys(a: SortKey, b: SortKey): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const x = a[i];
		const y = b[i];
		if (x === y) continue;
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		if (typeof x === 'number' && typeof y === 'number') return x - y;
		return String(x) < String(y) ? -1 : 1;
	}
	return 0;
}

export interface Page<T> {
	items: T[];
	continuationToken?: string;
}

/**
 * One page of `items` after the key the token carries. `keyOf` must be unique per item and define the list's
 * order (ascending by key; a descending list uses negated numbers). `list` scopes tokens to one listing.
 */
export function pageAfter<T>(items: T[], keyOf: (item: T) => SortKey, token: string | undefined, pageSize: number, list: string): Page<T> {
	const sorted = [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
	let start = 0;
	if (token !== undefined) {
		const { after } = decode(token, list);
		start = sorted.findIndex((item) => compareKeys(keyOf(item), after) > 0);
		if (start < 0) start = sorted.length;
	}
	const pageItems = sorted.slice(start, start + pageSize);
	const more = start + pageSize < sorted.length;
	return {
		items: pageItems,
		continuationToken: more ? encode({ list, after: keyOf(pageItems[pageItems.length - 1]) }) : undefined,
	};
}

/** The `pageSize` query parameter (the server already checked it against the spec's min/max). */
export function pageSizeFrom(query: URLSearchParams, fallback = 10): number {
	const raw = query.get('pageSize');
	return raw === null || raw.trim() === '' ? fallback : Number(raw);
}
