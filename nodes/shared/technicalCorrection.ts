import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { KsefInputError } from '../../src/errors/KsefInputError';

/**
 * Technical correction of an offline invoice KSeF rejected for technical reasons (ksef-docs
 * offline/korekta-techniczna.md): the fixed invoice, same content, goes in offline mode with
 * `hashOfCorrectedInvoice` = the SHA-256 of the rejected file. KSeF takes it only in an online session.
 */
export const technicalCorrectionOption: INodeProperties = {
	displayName: 'Technical Correction Of (Hash)',
	name: 'hashOfCorrectedInvoice',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.invoiceHash }}',
	description:
		'For a technical correction (korekta techniczna) of an offline invoice KSeF rejected: the SHA-256 of the rejected invoice file (Base64, as in invoiceHash, or hex). The item is then sent in offline mode, linked to the rejected one.',
	hint: 'Only for offline invoices rejected for technical reasons (schema, size, duplicate); the content must not change. Leave empty for normal sending.',
};

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** The item's hashOfCorrectedInvoice in the Base64 KSeF expects, or undefined when the item is no correction. */
export function technicalCorrectionOf(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const text = String(ctx.getNodeParameter('options.hashOfCorrectedInvoice', itemIndex, '') ?? '').trim();
	if (!text) return undefined;
	if (BASE64_SHA256.test(text)) return text;
	if (HEX_SHA256.test(text)) return Buffer.from(text, 'hex').toString('base64');
	throw new KsefInputError(
		'Technical Correction Of (Hash)',
		`"${text.slice(0, 80)}" is not a SHA-256 hash`,
		'Use the SHA-256 of the rejected offline invoice file: 44 characters of Base64 (the invoiceHash Send Invoice outputs) or 64 hex digits.',
	);
}
