import type { SessionInvoiceStatusResponse, SessionInvoicesResponse, SessionStatusResponse } from '../api/schemas';
import { DEFAULTS } from '../config/defaults';
import type { AuthorizedApi } from '../http/authorizedApi';

const ref = encodeURIComponent;

export async function getSessionStatus(api: AuthorizedApi, sessionReferenceNumber: string): Promise<SessionStatusResponse> {
	return (await api.json<SessionStatusResponse>({ method: 'GET', path: `/sessions/${ref(sessionReferenceNumber)}` })).body;
}

export async function getInvoiceStatus(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	invoiceReferenceNumber: string,
): Promise<SessionInvoiceStatusResponse> {
	const path = `/sessions/${ref(sessionReferenceNumber)}/invoices/${ref(invoiceReferenceNumber)}`;
	return (await api.json<SessionInvoiceStatusResponse>({ method: 'GET', path })).body;
}

/**
 * Every invoice of a session (or only the failed ones), page by page: KSeF pages these lists with a
 * continuation token sent back in the `x-continuation-token` header, not with offsets.
 */
export async function* listSessionInvoices(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	options: { failedOnly?: boolean; pageSize?: number } = {},
): AsyncGenerator<SessionInvoiceStatusResponse> {
	const path = `/sessions/${ref(sessionReferenceNumber)}/invoices${options.failedOnly ? '/failed' : ''}`;
	let continuationToken: string | undefined;
	do {
		const { body } = await api.json<SessionInvoicesResponse>({
			method: 'GET',
			path,
			query: { pageSize: options.pageSize ?? DEFAULTS.sessionInvoicePageSize },
			headers: continuationToken ? { 'x-continuation-token': continuationToken } : undefined,
		});
		yield* body.invoices;
		continuationToken = body.continuationToken ?? undefined;
	} while (continuationToken);
}
