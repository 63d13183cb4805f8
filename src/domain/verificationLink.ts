import { createHash } from 'node:crypto';

/** Where KOD I (the invoice verification QR code) points, per environment (docs: kody-qr.md). */
const QR_BASES: Record<string, string> = {
	'api-test.ksef.mf.gov.pl': 'https://qr-test.ksef.mf.gov.pl',
	'api-demo.ksef.mf.gov.pl': 'https://qr-demo.ksef.mf.gov.pl',
	'api.ksef.mf.gov.pl': 'https://qr.ksef.mf.gov.pl',
};

/** The QR host for an API base URL; unknown hosts (the simulator) get the TEST host, which is what they imitate. */
export function qrBaseFor(apiBaseUrl: string): string {
	return QR_BASES[new URL(apiBaseUrl).host] ?? QR_BASES['api-test.ksef.mf.gov.pl'];
}

/**
 * KOD I: `{qrBase}/invoice/{sellerNIP}/{P_1 as DD-MM-YYYY}/{Base64URL SHA-256 of the invoice file}`. Printed on
 * the invoice's visualisation, it lets anyone check the invoice in KSeF.
 */
export function invoiceVerificationLink(apiBaseUrl: string, sellerNip: string, issueDate: string, invoiceXml: Buffer): string {
	const [year, month, day] = issueDate.slice(0, 10).split('-');
	const hash = createHash('sha256').update(invoiceXml).digest('base64url');
	return `${qrBaseFor(apiBaseUrl)}/invoice/${sellerNip}/${day}-${month}-${year}/${hash}`;
}
