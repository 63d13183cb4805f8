import { KsefApiError, KsefNetworkError } from '../errors/KsefError';

/**
 * What each KSeF call may do after a 5xx or a lost answer (the request may or may not have done its work).
 * One table, so the rules are read and reviewed in one place; the code that acts on them is named per row.
 *
 * - `resend`: repeating cannot change anything KSeF holds (reads; a part upload writes the same bytes to the same
 *   blob). The HTTP client retries these itself, with backoff (retry.ts).
 * - `checkFirst`: a write whose effect can be read back. The caller reads first and repeats only what did not
 *   happen: an invoice is looked up in the session by its hash (onlineSession.ts), a close is decided by the
 *   session's status (closeSession.ts), an open is followed by a search for the orphan session (openSession.ts).
 * - `freshStart`: authentication steps; a new authentication from the KSeF token is always safe (auth/).
 * - `never`: repeated only by a person who knows why it failed.
 *
 * 429 is always waited out (KSeF refused before doing anything), up to the policy's cap; TLS verification
 * failures are never retried (retry.ts): a wrong certificate does not fix itself.
 */
export type RetrySemantics = 'resend' | 'checkFirst' | 'freshStart' | 'never';

export interface KsefCallRule {
	method: string;
	/** OpenAPI path template; `*` matches any absolute URL KSeF handed out (pre-signed upload links). */
	path: string;
	onUncertain: RetrySemantics;
	why: string;
}

export const KSEF_CALL_RULES: readonly KsefCallRule[] = [
	{ method: 'GET', path: '*', onUncertain: 'resend', why: 'Reads change nothing.' },
	{ method: 'PUT', path: '*', onUncertain: 'resend', why: 'A part upload writes the same bytes to the same pre-signed blob.' },
	{ method: 'POST', path: '/auth/challenge', onUncertain: 'resend', why: 'A new challenge is harmless; an unused one expires.' },
	{ method: 'POST', path: '/auth/ksef-token', onUncertain: 'freshStart', why: 'Start again with a new challenge.' },
	{ method: 'POST', path: '/auth/xades-signature', onUncertain: 'freshStart', why: 'Start again with a new challenge and a new signature.' },
	{ method: 'POST', path: '/auth/token/redeem', onUncertain: 'freshStart', why: 'A token can be redeemed once; a fresh authentication is always safe.' },
	{ method: 'POST', path: '/auth/token/refresh', onUncertain: 'freshStart', why: 'Falls back to a full authentication.' },
	{ method: 'POST', path: '/sessions/online', onUncertain: 'checkFirst', why: 'The orphan session is searched for and closed, then one new open.' },
	{ method: 'POST', path: '/sessions/batch', onUncertain: 'checkFirst', why: 'The orphan session is reported (KSeF cancels it unclosed), then one new open.' },
	{ method: 'POST', path: '/sessions/online/{referenceNumber}/invoices', onUncertain: 'checkFirst', why: 'Looked up by hash (the latest attempt, with backoff for a lagging list) before sending again.' },
	{ method: 'POST', path: '/sessions/online/{referenceNumber}/close', onUncertain: 'checkFirst', why: 'The session status decides; a second close answering 21180 means already closed.' },
	{ method: 'POST', path: '/sessions/batch/{referenceNumber}/close', onUncertain: 'checkFirst', why: 'The session status decides; closing starts processing, so never blindly twice.' },
	{ method: 'POST', path: '/invoices/query/metadata', onUncertain: 'resend', why: 'A query; POST only carries the filters.' },
	{ method: 'POST', path: '/invoices/exports', onUncertain: 'never', why: 'Starts an export job; repeating starts another (21182 at the limit).' },
];

/** The rule for a concrete call: `/sessions/online/20260101-SO-…/close` matches its template. */
export function ruleFor(method: string, path: string): KsefCallRule | undefined {
	const absolute = /^https?:\/\//.test(path);
	return KSEF_CALL_RULES.find((rule) => {
		if (rule.method !== method.toUpperCase()) return false;
		if (rule.path === '*') return true;
		if (absolute) return false;
		const pattern = rule.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
		return new RegExp(`^${pattern}$`).test(path);
	});
}

/**
 * A 5xx, or an answer lost on the way (not a TLS verification failure): the request may or may not have done its
 * work, so the rule of the call decides what happens next.
 */
export function isLostOrServerError(error: unknown): boolean {
	if (error instanceof KsefNetworkError) return !error.tlsFailure;
	return error instanceof KsefApiError && error.httpStatus >= 500;
}

/** Whether the HTTP client may repeat this call by itself after a 5xx or a network error. */
export function resendable(method: string, path: string): boolean {
	return ruleFor(method, path)?.onUncertain === 'resend';
}
