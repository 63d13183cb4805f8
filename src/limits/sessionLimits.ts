/**
 * KSeF's documented default limits of one session, used when GET /limits/context cannot be read. Sources: the
 * official limits page (ksef-docs limity/limity.md, "Limity na kontekst": at most 10 000 invoices in an online or
 * batch session) and openapi.json (`BatchFileInfo.fileSize` maximum 5 000 000 000 bytes, 50 `fileParts`).
 * A context may have other limits; GET /limits/context says which, and wins when it answers.
 */
import type { EffectiveContextLimits } from '../api/schemas';
import type { AuthorizedApi } from '../http/authorizedApi';

export const DEFAULT_MAX_INVOICES_PER_SESSION = 10_000;
export const MAX_BATCH_FILE_BYTES = 5_000_000_000;

/** The context's session limits, or undefined when KSeF does not say (the caller falls back to the defaults). */
export async function readContextLimits(api: AuthorizedApi): Promise<EffectiveContextLimits | undefined> {
	try {
		return (await api.json<EffectiveContextLimits>({ method: 'GET', path: '/limits/context' })).body;
	} catch {
		return undefined;
	}
}

/** How many invoices one session of this kind may take in this context (KSeF's default when it cannot be read). */
export async function sessionMaxInvoices(api: AuthorizedApi, kind: 'onlineSession' | 'batchSession'): Promise<number> {
	const limits = await readContextLimits(api);
	const max = limits?.[kind]?.maxInvoices;
	return typeof max === 'number' && max > 0 ? max : DEFAULT_MAX_INVOICES_PER_SESSION;
}

export function onlineSessionMaxInvoices(api: AuthorizedApi): Promise<number> {
	return sessionMaxInvoices(api, 'onlineSession');
}
