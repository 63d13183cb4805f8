import { createHash } from 'node:crypto';
import { KsefInputError } from '../errors/KsefInputError';

/** Where KOD I (the invoice verification QR code) points, per environment (docs: kody-qr.md, "Środowiska"). */
export const QR_BASE_URLS = {
	test: 'https://qr-test.ksef.mf.gov.pl',
	demo: 'https://qr-demo.ksef.mf.gov.pl',
	prod: 'https://qr.ksef.mf.gov.pl',
} as const;

export type QrEnvironment = keyof typeof QR_BASE_URLS;

const QR_BASE_BY_HOST: Record<string, string> = {
	'api-test.ksef.mf.gov.pl': QR_BASE_URLS.test,
	'api-demo.ksef.mf.gov.pl': QR_BASE_URLS.demo,
	'api.ksef.mf.gov.pl': QR_BASE_URLS.prod,
	'qr-test.ksef.mf.gov.pl': QR_BASE_URLS.test,
	'qr-demo.ksef.mf.gov.pl': QR_BASE_URLS.demo,
	'qr.ksef.mf.gov.pl': QR_BASE_URLS.prod,
};

/**
 * The QR host for an environment name, an API base URL or a QR base URL. Unknown hosts (the local simulator) get
 * the TEST host: that is the environment they imitate, and a TEST link can never pass for a production one.
 */
export function qrBaseFor(environmentOrUrl: QrEnvironment | string): string {
	if (Object.hasOwn(QR_BASE_URLS, environmentOrUrl)) return QR_BASE_URLS[environmentOrUrl as QrEnvironment];
	let host: string;
	try {
		host = new URL(environmentOrUrl).host;
	} catch {
		throw new KsefInputError('Environment', `"${environmentOrUrl}" is neither test, demo, prod nor a URL`, 'Pass the environment name or the API base URL, e.g. https://api-test.ksef.mf.gov.pl/v2.');
	}
	return QR_BASE_BY_HOST[host] ?? QR_BASE_URLS.test;
}

/** The invoice file itself, or the SHA-256 of it that KSeF reports as `invoiceHash` (Base64 or Base64URL). */
export type InvoiceFileOrHash = Buffer | Uint8Array | { invoiceHash: string };

/**
 * KOD I: `{qrBase}/invoice/{sellerNIP}/{P_1 as DD-MM-YYYY}/{Base64URL SHA-256 of the invoice file}`. Printed on the
 * invoice's visualisation, it lets anyone check the invoice in KSeF. The hash must be of the exact bytes sent to
 * KSeF, which is why XML text is not accepted here: re-encoding it could change the bytes.
 */
export function invoiceVerificationLink(
	environmentOrUrl: QrEnvironment | string,
	sellerNip: string,
	issueDate: string,
	invoice: InvoiceFileOrHash,
): string {
	if (!/^\d{10}$/.test(sellerNip)) {
		throw new KsefInputError('Seller NIP', `"${sellerNip}" is not 10 digits`, 'Use the NIP from Podmiot1 of the invoice, digits only.');
	}
	return `${qrBaseFor(environmentOrUrl)}/invoice/${sellerNip}/${qrDate(issueDate)}/${invoiceHashBase64Url(invoice)}`;
}

/** P_1 (YYYY-MM-DD, optionally with a time part) as the DD-MM-YYYY the link uses. */
function qrDate(issueDate: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(issueDate.trim());
	if (!match) {
		throw new KsefInputError('Issue date (P_1)', `"${issueDate}" is not a YYYY-MM-DD date`, 'Pass P_1 exactly as it appears in the invoice, e.g. 2026-02-01.');
	}
	const [, year, month, day] = match;
	return `${day}-${month}-${year}`;
}

/** The invoice's SHA-256 as KOD I and KOD II carry it (Base64URL), from the file or from KSeF's Base64 invoiceHash. */
export function invoiceHashBase64Url(invoice: InvoiceFileOrHash): string {
	if (!('invoiceHash' in invoice)) return createHash('sha256').update(invoice).digest('base64url');
	// Base64 and Base64URL both decode here; a re-encode gives the canonical unpadded Base64URL.
	const digest = Buffer.from(invoice.invoiceHash.trim(), 'base64');
	if (digest.length !== 32) {
		throw new KsefInputError('Invoice hash', `"${invoice.invoiceHash}" is not a Base64 SHA-256 digest (32 bytes)`, 'Pass invoiceHash as KSeF reports it, or the invoice file itself.');
	}
	return digest.toString('base64url');
}
