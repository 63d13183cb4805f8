import { invoiceVerificationLink } from '../../src';

/** KOD I needs the seller's NIP and P_1 from the invoice itself; without them there is no link to print. */
export function verificationLinkOrNull(baseUrl: string, sellerNip: string | undefined, issueDate: string | undefined, xml: Buffer): string | null {
	if (!sellerNip || !issueDate) return null;
	try {
		return invoiceVerificationLink(baseUrl, sellerNip, issueDate, xml);
	} catch {
		return null;
	}
}
