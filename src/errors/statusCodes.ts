import { advice, IN_PROGRESS, RETRYABLE, type CodeAdvice, type CodeContext } from './codeAdvice';

/**
 * KSeF processing status codes (100–550). Each context's table follows the code tables in openapi.json
 * (SessionInvoiceStatusResponse, SessionStatusResponse, AuthenticationListItem, InvoiceExportStatusResponse);
 * COMMON holds the guide's general meanings (guide §5) for codes a context's table does not list.
 */
const COMMON: Record<number, CodeAdvice> = {
	100: advice('Accepted for processing.', 'Wait; check the status again shortly.', IN_PROGRESS),
	150: advice('Processing.', 'Wait; on TEST this can take minutes. Check again later with KSeF Check Status.', IN_PROGRESS),
	170: advice('Processing completed; the receipt (UPO) is being prepared.', 'Wait a moment and check again.', IN_PROGRESS),
	200: advice('Success.', 'Nothing to do.'),
	210: advice('The export has expired and can no longer be downloaded.', 'Request the export again.'),
	400: advice('KSeF rejected the operation.', 'Read the details; fix the request and try again.'),
	405: advice('KSeF’s check of the package or session failed.', 'Send again in a new session.', RETRYABLE),
	410: advice('Identifiers are inconsistent or the permission scope is wrong.', 'Check that the context NIP and the token’s permissions match the operation.'),
	415: advice('Missing permissions, or the encryption key could not be decrypted.', 'Check the token’s permissions; if it is an encryption problem, send again in a new session.'),
	420: advice('A limit was exceeded (filters too broad, too many invoices) or permission is missing.', 'Narrow or split the request, or check the permissions.'),
	425: advice('The token was invalidated, or a file hash is wrong.', 'Generate a new KSeF token, or check what was sent.'),
	430: advice('Decompression or verification failed.', 'Check the package and the invoices in it.'),
	435: advice('A file could not be decrypted.', 'Send again in a new session.', RETRYABLE),
	440: advice('The session was cancelled, the invoice is a duplicate, or the operation is not allowed.', 'Read the details before sending anything again.'),
	441: advice('A verification sub-process failed.', 'Read the details and fix the invoice.'),
	445: advice('Finalisation failed: no valid invoice was found.', 'Check the invoices’ own statuses for the reasons.'),
	450: advice('The data is invalid (token, invoice structure or XML).', 'Read the details and fix the input.'),
	460: advice('Certificate problem (invalid, untrusted chain, revoked or suspended).', 'Use a valid certificate.'),
	470: advice('Authorisation methods of a deceased person were used.', 'Use the credentials of an authorised person.'),
	480: advice('Authentication blocked: suspected security incident.', 'Contact the Ministry of Finance through the KSeF contact form.'),
	500: advice('Unknown error on KSeF’s side.', 'Try again later; if it persists, contact KSeF support with the reference number.', RETRYABLE),
	550: advice('KSeF cancelled the operation for internal reasons; nothing was processed.', 'Send it again.', RETRYABLE),
};

const INVOICE: Record<number, CodeAdvice> = {
	100: advice('KSeF has accepted the invoice for processing.', 'Wait; check its status again in a few seconds.', IN_PROGRESS),
	150: advice('KSeF is processing the invoice.', 'Wait; on TEST this can take minutes. Check again with KSeF Check Status.', IN_PROGRESS),
	200: advice(
		'Accepted: the invoice has a KSeF number and counts as issued.',
		'Nothing to do. Keep the KSeF number with the invoice; its UPO (official receipt) can be downloaded.',
	),
	405: advice(
		'Processing was cancelled because the session the invoice was sent in failed.',
		'The invoice itself may be fine: check the session status for the reason, then send the invoice again in a new session.',
		RETRYABLE,
	),
	410: advice(
		'The invoice does not fit this session’s permissions: the seller NIP is not the session’s NIP and no permission covers it, or (batch) the seller has not declared sending invoices with attachments.',
		'Send it with a credential for the seller’s NIP, or get the permission. For attachments, declare them in e-Urząd Skarbowy first.',
	),
	415: advice(
		'The invoice has an attachment (Zalacznik); online sessions refuse invoices with attachments.',
		'Send it with KSeF Batch Send. The seller’s NIP must also have declared that it sends invoices with attachments.',
	),
	430: advice(
		'The invoice file failed verification: it is not valid XML or does not match the FA(3) schema.',
		'Fix the element named in the details in your invoicing system (“Validate Before Sending” shows it before sending), then send it again.',
	),
	435: advice('KSeF could not decrypt the invoice file.', 'Send it again in a new session.', RETRYABLE),
	440: advice(
		'Duplicate: this invoice already has a KSeF number (see originalKsefNumber); KSeF identifies invoices by seller NIP, type (RodzajFaktury) and number (P_2).',
		'Do not send it again: it is already issued under originalKsefNumber. To change it, issue a correcting invoice (KOR); a different invoice needs a new number.',
	),
	450: advice(
		'The invoice breaks a KSeF business rule (semantic verification), e.g. an issue date (P_1) in the future.',
		'Read the details, correct the invoice and send it again.',
	),
	500: advice('Unknown error while KSeF processed the invoice.', 'Check its status again later; if it stays 500, send it again.', RETRYABLE),
	550: advice('KSeF cancelled processing for internal reasons; the invoice was not issued.', 'Send the invoice again.', RETRYABLE),
};

const SESSION: Record<number, CodeAdvice> = {
	100: advice('The session is open (batch: started).', 'Send or upload the invoices, then close the session.', IN_PROGRESS),
	150: advice('KSeF is processing the session’s invoices.', 'Wait; check again later.', IN_PROGRESS),
	170: advice('The online session is closed; KSeF is finishing processing and preparing the UPO.', 'Wait a moment and check again.', IN_PROGRESS),
	200: advice(
		'The session is processed and its collective UPO is ready.',
		'Check each invoice’s own status: a processed session can still contain rejected invoices. Download the UPO if you need it.',
	),
	405: advice('The batch package failed verification: its parts, sizes or hashes differ from what was declared.', 'Send the package again in a new session.', RETRYABLE),
	415: advice('KSeF could not decrypt the session’s encryption key.', 'Open a new session; the client encrypts the key with KSeF’s current public key.', RETRYABLE),
	420: advice('The session holds more invoices than KSeF allows.', 'Split the invoices over several sessions.'),
	430: advice('The batch ZIP could not be decompressed.', 'Send the package again in a new session.', RETRYABLE),
	435: advice('Parts of the batch package could not be decrypted.', 'Send the package again in a new session.', RETRYABLE),
	440: advice('The session was cancelled: the upload took too long, or no invoices were sent.', 'Send the invoices again in a new session.', RETRYABLE),
	445: advice('Verification found no valid invoice in the session.', 'Read the failed invoices’ own statuses, fix them, and send them again.'),
};

const AUTH: Record<number, CodeAdvice> = {
	100: advice('Authentication is in progress.', 'Wait.', IN_PROGRESS),
	200: advice('Authenticated.', 'Nothing to do.'),
	415: advice(
		'The signer (the token’s owner, or the person or company in the certificate) has no permissions in this NIP context.',
		'Check the Context NIP in the credential, or give the signer permissions for that NIP in KSeF.',
	),
	425: advice('This authentication was revoked, together with its refresh tokens.', 'Authenticate again; if the KSeF token itself was revoked, generate a new one.'),
	450: advice(
		'The KSeF token was refused: wrong, inactive, revoked, issued for another NIP, or the challenge or time did not match.',
		'Paste the token again exactly as issued, check it is active in the environment chosen in the credential (TEST, DEMO and PROD tokens differ) and that it was issued for the Context NIP.',
	),
	460: advice(
		'The certificate was refused: expired or not yet valid, revoked or suspended, not an Authentication certificate, or its chain is not trusted.',
		'Use a valid KSeF Authentication certificate (or a qualified one); self-signed certificates are accepted on TEST only.',
	),
	550: advice('KSeF cancelled the authentication for internal reasons.', 'Authenticate again.', RETRYABLE),
};

const EXPORT: Record<number, CodeAdvice> = {
	100: advice('The export is being prepared.', 'Wait; large exports can take a long time.', IN_PROGRESS),
	200: advice('The export package is ready.', 'Download it before it expires.'),
	210: advice('The export has expired and can no longer be downloaded.', 'Request the export again.'),
	415: advice('KSeF could not decrypt the export’s key.', 'Request the export again.', RETRYABLE),
	420: advice(
		'The date range reaches beyond what KSeF has finished storing (permanentStorageHwmDate).',
		'Start the range at or before permanentStorageHwmDate.',
	),
};

const BY_CONTEXT: Record<CodeContext, Record<number, CodeAdvice>> = { invoice: INVOICE, session: SESSION, auth: AUTH, export: EXPORT };

/** The status codes each context's table in the spec lists (used to prove every one is explained). */
export const DOCUMENTED_STATUS_CODES: Record<CodeContext, readonly number[]> = {
	invoice: [100, 150, 200, 405, 410, 415, 430, 435, 440, 450, 500, 550],
	session: [100, 150, 170, 200, 405, 415, 420, 430, 435, 440, 445, 500],
	auth: [100, 200, 415, 425, 450, 460, 470, 480, 500, 550],
	export: [100, 200, 210, 415, 420, 500, 550],
};

/** Plain-English meaning of a status code in its context; undefined for codes KSeF does not document. */
export function explainStatus(code: number, context: CodeContext = 'invoice'): CodeAdvice | undefined {
	return BY_CONTEXT[context][code] ?? COMMON[code];
}
