import type { AuthorizedApi } from '../http/authorizedApi';

const ref = encodeURIComponent;

/** The UPO (urzędowe poświadczenie odbioru, KSeF's official receipt) of one invoice, as XML bytes. */
export async function downloadInvoiceUpo(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	invoice: { invoiceReferenceNumber: string } | { ksefNumber: string },
): Promise<Buffer> {
	const tail =
		'ksefNumber' in invoice ? `ksef/${ref(invoice.ksefNumber)}` : `${ref(invoice.invoiceReferenceNumber)}`;
	const path = `/sessions/${ref(sessionReferenceNumber)}/invoices/${tail}/upo`;
	return (await api.bytes({ method: 'GET', path })).body;
}

/** One page of a session's collective UPO; the page references come from the session status (`upo.pages`). */
export async function downloadSessionUpoPage(
	api: AuthorizedApi,
	sessionReferenceNumber: string,
	upoReferenceNumber: string,
): Promise<Buffer> {
	const path = `/sessions/${ref(sessionReferenceNumber)}/upo/${ref(upoReferenceNumber)}`;
	return (await api.bytes({ method: 'GET', path })).body;
}
