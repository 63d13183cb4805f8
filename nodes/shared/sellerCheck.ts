import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { normalizeNip } from '../../src/domain/nip';
import { KsefInputError } from '../../src/errors/KsefInputError';
import type { InvoiceFacts } from '../../src/fa3/inspect';
import { contextNipOf, KSEF_CREDENTIAL } from './credentials';

/** The option that turns the check off, for the cases where KSeF lets another subject send the seller's invoices. */
export const onBehalfOption: INodeProperties = {
	displayName: 'Send on Behalf of the Seller',
	name: 'onBehalfOfSeller',
	type: 'boolean',
	default: false,
	description:
		'Whether the credential\'s NIP sends invoices whose seller (Podmiot1) is another subject, as KSeF allows with a permission: self-invoicing (the buyer issues), tax representative, enforcement authority or bailiff, VAT RR. Off: an invoice whose seller NIP is not the credential\'s NIP is stopped before anything is sent.',
};

/** The context NIP of the credential, as the nodes' client will use it (normalised: spaces and dashes removed). */
export async function credentialNip(ctx: IExecuteFunctions): Promise<string> {
	const data = await ctx.getCredentials(KSEF_CREDENTIAL);
	try {
		return contextNipOf(data);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
}

/**
 * KSeF refuses an invoice whose seller NIP (Podmiot1) is not the session's context NIP with status 410, but only
 * after a session has been opened and the invoice sent and processed. The same check here costs nothing.
 */
export function sellerMismatch(facts: InvoiceFacts, contextNip: string): KsefInputError | undefined {
	const seller = facts.sellerNip ? normalizeNip(facts.sellerNip) : undefined;
	if (!seller || seller === contextNip) return undefined;
	return new KsefInputError(
		'Invoice XML',
		`has seller NIP ${seller} (Podmiot1${facts.invoiceNumber ? `, invoice ${facts.invoiceNumber}` : ''}), but the KSeF API credential acts for NIP ${contextNip}; KSeF would refuse it (status 410)`,
		`Send it with a credential for the seller's NIP ${seller}. If NIP ${contextNip} issues invoices for this seller with a KSeF permission (self-invoicing, tax representative, enforcement authority), turn on the option "Send on Behalf of the Seller".`,
	);
}
