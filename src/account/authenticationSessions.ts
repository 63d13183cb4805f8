import type { AuthenticationListResponse } from '../api/schemas';
import type { AuthorizedApi } from '../http/authorizedApi';

/** GET /auth/sessions allows 10..100 per page (openapi.json). */
export const AUTH_SESSIONS_PAGE_SIZE = 100;

/**
 * Every active authentication session of the context, newest first. KSeF pages the list: the body's
 * `continuationToken` goes back in the `x-continuation-token` header until a page comes without one.
 */
export async function listAuthenticationSessions(api: AuthorizedApi, pageSize = AUTH_SESSIONS_PAGE_SIZE): Promise<AuthenticationListResponse> {
	const items: AuthenticationListResponse['items'] = [];
	let continuationToken: string | undefined;
	do {
		const { body } = await api.json<AuthenticationListResponse>({
			method: 'GET',
			path: '/auth/sessions',
			query: { pageSize },
			headers: continuationToken ? { 'x-continuation-token': continuationToken } : undefined,
		});
		items.push(...body.items);
		continuationToken = body.continuationToken ?? undefined;
	} while (continuationToken);
	return { items };
}
