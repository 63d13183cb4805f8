import { constants, sign } from 'node:crypto';
import type { OfflineCertificate } from '../auth/signing/offlineCertificate';
import { KsefInputError } from '../errors/KsefInputError';
import { invoiceHashBase64Url, qrBaseFor, type InvoiceFileOrHash, type QrEnvironment } from './verificationLink';

/** The context KSeF knows the issuer by (the NIP almost always; kody-qr.md lists the others). */
export type OfflineContextType = 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId';

export interface OfflineLinkInput {
	contextType: OfflineContextType;
	contextValue: string;
	sellerNip: string;
	invoice: InvoiceFileOrHash;
}

/**
 * KOD II, the certificate verification link of an invoice issued offline:
 * `{qrBase}/certificate/{contextType}/{contextValue}/{sellerNip}/{certificateSerial}/{invoiceHash}/{signature}`,
 * where the signature is over the link up to the hash, without `https://` (RSASSA-PSS SHA-256 with MGF1-SHA-256
 * and a 32-byte salt, or ECDSA P-256 SHA-256 as R‖S), Base64URL like the hash.
 */
export function offlineCertificateLink(environmentOrUrl: QrEnvironment | string, input: OfflineLinkInput, certificate: OfflineCertificate): string {
	if (!/^\d{10}$/.test(input.sellerNip)) {
		throw new KsefInputError('Seller NIP', `"${input.sellerNip}" is not 10 digits`, 'Use the NIP from Podmiot1 of the invoice, digits only.');
	}
	const contextValue = input.contextValue.trim();
	if (!contextValue || /[/\s]/.test(contextValue)) {
		throw new KsefInputError('Context Identifier', `"${input.contextValue}" is empty or contains a slash or space`, 'Use the NIP (or other identifier) of the context the invoice is issued in.');
	}
	const base = qrBaseFor(environmentOrUrl);
	const signed = `${base.replace(/^https:\/\//, '')}/certificate/${input.contextType}/${contextValue}/${input.sellerNip}/${certificate.serialNumber}/${invoiceHashBase64Url(input.invoice)}`;
	const data = Buffer.from(signed, 'utf8');
	const signature =
		certificate.algorithm === 'rsassa-pss-sha256'
			? sign('sha256', data, { key: certificate.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
			: sign('sha256', data, { key: certificate.privateKey, dsaEncoding: 'ieee-p1363' });
	return `https://${signed}/${signature.toString('base64url')}`;
}
