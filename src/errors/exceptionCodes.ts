import { advice, RETRYABLE, type CodeAdvice } from './codeAdvice';

/**
 * KSeF exception codes: the `exceptionCode` of an HTTP 400 answer, as the operation descriptions in openapi.json
 * list them (translated, with what to do next).
 */
const EXCEPTIONS: Record<number, CodeAdvice> = {
	21001: advice('KSeF could not read the request content.', 'Check the encoding and format of what was sent.'),
	21111: advice('The authentication challenge is invalid, expired or already used.', 'Authenticate again (the nodes do this automatically).', RETRYABLE),
	21115: advice('The certificate is invalid.', 'Use a valid certificate.'),
	21117: advice('The identifier does not fit the context type (e.g. not a NIP where a NIP is expected).', 'Check the Context NIP in the credential.'),
	21155: advice('The session reached its limit of invoices.', 'Send the rest in a new session (Batch Send splits automatically).'),
	21157: advice('A batch part’s size differs from the size declared when the session was opened.', 'Build and send the batch again.', RETRYABLE),
	21161: advice('The batch has too many parts.', 'Use at most 50 parts (larger parts, up to 100 MB each).'),
	21164: advice('No invoice with this KSeF number exists in this context.', 'Check the KSeF number, and that the credential’s NIP is the seller or buyer of the invoice.'),
	21165: advice('The invoice is processed but not downloadable yet.', 'Try again in a few minutes.', RETRYABLE),
	21166: advice('A technical correction is not available: the invoice already has a processed technical correction.', 'Nothing to correct again; check the invoice’s status.'),
	21167: advice('The invoice’s status does not allow a technical correction (it was processed correctly).', 'Only rejected offline invoices can be technically corrected; use a correcting invoice (KOR) instead.'),
	21173: advice('No session with this reference number in this context.', 'Check the session reference, and that the credential uses the NIP that opened the session.'),
	21175: advice('No query result with this identifier.', 'Run the query again.'),
	21178: advice('No UPO found for these criteria (yet).', 'UPOs appear once the invoice is accepted and the session processed; try again later.', RETRYABLE),
	21180: advice('The session’s status does not allow this (e.g. it is already closed).', 'Open a new session.'),
	21181: advice('This export is not allowed: the chosen subject type does not fit the logged-in context.', 'Choose the subject type (seller, buyer, …) that matches the credential’s NIP.'),
	21182: advice('Too many exports are running for this context.', 'Wait for running exports to finish, then try again.', RETRYABLE),
	21183: advice('The date range starts after the data KSeF has finished storing (permanentStorageHwmDate).', 'Start the range at or before permanentStorageHwmDate.'),
	21205: advice('The package is empty: a declared part was never uploaded.', 'Send the batch again in a new session.', RETRYABLE),
	21208: advice('The upload or close came too late; the session was cancelled.', 'Send the batch again in a new session.', RETRYABLE),
	21217: advice('Invalid character encoding.', 'Send UTF-8 XML.'),
	21301: advice(
		'Not authorised: the tokens were already redeemed, the authentication did not succeed, or the KSeF token was revoked.',
		'Authenticate again; if the KSeF token was revoked, generate a new one and update the credential.',
	),
	21304: advice('Not authenticated: the authentication operation was not found.', 'Authenticate again.', RETRYABLE),
	21308: advice('Authorisation methods of a deceased person were used.', 'Use the credentials of an authorised person.'),
	21401: advice('The document does not match the XSD schema.', 'Fix the invoice XML (the node’s schema check names the element).'),
	21402: advice('The file size differs from the declared size (or is over the limit).', 'Send the file again; invoices may be at most 1 MB (3 MB with attachments).', RETRYABLE),
	21403: advice('The file hash differs from the declared hash.', 'The file changed between hashing and sending; send it again.', RETRYABLE),
	21405: advice('KSeF rejected the request’s input.', 'Read the details; they name the field.'),
	21406: advice('The signature does not fit the chosen authentication type.', 'Sign the authentication request with a certificate of the matching type.'),
	21418: advice('The continuation token has an invalid format.', 'Start the listing from the beginning.'),
	21470: advice(
		'The encryption key is unknown or withdrawn (KSeF rotated its public keys).',
		'The client already fetched KSeF’s current certificates and tried once more; if this still appears, KSeF’s published keys and the ones it accepts disagree: wait for KSeF to settle, then run again.',
	),
	25001: advice('Certificate request data is not available for this authentication method.', 'Authenticate with a method that allows KSeF certificates (e.g. a qualified signature).'),
	25002: advice('A certificate request cannot be filed with this authentication method.', 'Authenticate with a method that allows KSeF certificates.'),
	25003: advice('The data in the CSR does not match the authenticated person or entity.', 'Generate the CSR from the data KSeF returns for enrollment.'),
	25004: advice('The CSR is malformed or its signature is wrong.', 'Generate the CSR again.'),
	25005: advice('No certificate request with this reference number.', 'Check the reference number.'),
	25006: advice('The limit of certificate requests was reached.', 'Wait for pending requests to finish.'),
	25007: advice('The limit of certificates held was reached.', 'Revoke a certificate you no longer use.'),
	25008: advice('No certificate with this serial number.', 'Check the serial number.'),
	25009: advice('The certificate is already revoked, blocked or invalid.', 'Nothing to revoke.'),
	25010: advice('Invalid key type or length.', 'Use RSA (2048 bits or more) or EC P-256.'),
	25011: advice('Invalid CSR signature algorithm.', 'Sign the CSR with a supported algorithm (RSASSA-PSS or ECDSA with SHA-256).'),
	26001: advice('A token cannot get permissions its creator does not have.', 'Request only permissions you hold.'),
	26002: advice('A token cannot be generated in the current context type.', 'Authenticate in a NIP context to generate tokens.'),
};

/** Plain-English meaning of an exception code; undefined for codes the spec does not list. */
export function explainException(code: number): CodeAdvice | undefined {
	return EXCEPTIONS[code];
}
