/**
 * KSeF's status and exception codes in plain English, with what to do next. Status codes (100–550) mean slightly
 * different things for invoices, sessions, authentication and exports (guide.txt §5), so they are looked up with
 * a context; exception codes (21xxx) come from the operation tables in openapi.json.
 */
export type CodeContext = 'invoice' | 'session' | 'auth' | 'export';

export interface CodeAdvice {
	meaning: string;
	whatToDo: string;
	/** Trying the same thing again later can succeed. */
	retryable: boolean;
	/** KSeF will not change this status any more. */
	final: boolean;
}

const advice = (meaning: string, whatToDo: string, retryable = false, final = true): CodeAdvice => ({ meaning, whatToDo, retryable, final });

const COMMON_STATUS: Record<number, CodeAdvice> = {
	100: advice('Accepted for processing.', 'Wait; check the status again shortly.', false, false),
	150: advice('Processing.', 'Wait; on TEST this can take minutes. Check again later with KSeF Check Status.', false, false),
	170: advice('Processing completed; the receipt (UPO) is being prepared.', 'Wait a moment and check again.', false, false),
	200: advice('Success.', 'Nothing to do.'),
	210: advice('The export has expired and can no longer be downloaded.', 'Request the export again.'),
	400: advice('KSeF rejected the operation.', 'Read the details; fix the request and try again.'),
	405: advice('The package failed KSeF’s sanity check.', 'Check the ZIP and its parts (sizes, hashes, encryption) and send again.'),
	410: advice('Identifiers are inconsistent or the permission scope is wrong.', 'Check that the context NIP and the token’s permissions match the operation.'),
	415: advice('Missing permissions, or the key could not be decrypted.', 'Check the token’s permissions; if this is an encryption problem, update the package.'),
	420: advice('A limit was exceeded (filters too broad, too many invoices).', 'Narrow the request or split it.'),
	425: advice('The token was invalidated, or a file hash is wrong.', 'Generate a new KSeF token, or check what was sent.'),
	430: advice('Decompression or verification failed.', 'Check the ZIP and the invoices in it.'),
	435: advice('A file could not be decrypted.', 'Check the encryption (AES-256-CBC, PKCS#7, key and IV of this session).'),
	440: advice('The session was cancelled, or the operation is not allowed.', 'Start again in a new session.'),
	441: advice('A verification sub-process failed.', 'Read the details and fix the invoice.'),
	445: advice('Finalisation failed: no valid invoice was found.', 'Check the invoices in the package.'),
	450: advice('The data is invalid.', 'Read the details and fix the input.'),
	460: advice('Certificate problem (invalid, untrusted chain, revoked).', 'Use a valid certificate.'),
	470: advice('Authorisation methods of a deceased person were used.', 'Use the credentials of an authorised person.'),
	480: advice('Authentication blocked: suspected security incident.', 'Contact the Ministry of Finance through the KSeF contact form.'),
	500: advice('Unknown error on KSeF’s side.', 'Try again later; if it persists, contact KSeF support with the reference number.', true),
	550: advice('KSeF cancelled the operation on its side; nothing was processed.', 'Send it again (the nodes do this automatically).', true),
};

const STATUS_BY_CONTEXT: Record<CodeContext, Record<number, CodeAdvice>> = {
	invoice: {
		200: advice('Accepted: the invoice has a KSeF number and is legally issued.', 'Nothing to do; keep the KSeF number with the invoice.'),
		405: advice('The invoice failed verification.', 'Read the details, correct the invoice and send it again.'),
		410: advice('The invoice’s identifiers do not match the session (for example the seller NIP is not the context NIP and no permission covers it).', 'Send it in the context of the seller’s NIP, or get the right permission.'),
		415: advice('The invoice has an attachment (Zalacznik), which online sessions refuse, or the NIP has no attachment permission.', 'Send it with KSeF Batch Send, after the NIP has declared attachment use.'),
		430: advice('The invoice file failed verification.', 'Check the file: well-formed UTF-8 XML, FA(3) namespace.'),
		440: advice('Duplicate: an invoice with this seller NIP, type and number (P_2) already has a KSeF number.', 'Do not send it again; use originalKsefNumber. A changed invoice needs a correction (KOR) or a new number.'),
		450: advice('The invoice does not match the FA(3) schema or its business rules (e.g. the issue date P_1 is in the future).', 'Fix the element named in the details and send the invoice again.'),
	},
	session: {
		100: advice('The session is open.', 'Send invoices, then close it.', false, false),
		150: advice('The session’s invoices are being processed.', 'Wait; check again later.', false, false),
		170: advice('The session is closed and processing ended; the UPO is being generated.', 'Check again shortly for the UPO.', false, false),
		200: advice('The session is processed and its UPO is ready.', 'Download the UPO if you need it.'),
		415: advice('The session key could not be decrypted.', 'Open a new session; the client encrypts the key with the current KSeF certificate.'),
		440: advice('The session was cancelled (e.g. a batch session not closed within 12 hours).', 'Send the invoices again in a new session.'),
		445: advice('No valid invoice was found in the session.', 'Check the invoices’ own statuses for the reasons.'),
	},
	auth: {
		100: advice('Authentication in progress.', 'Wait.', false, false),
		200: advice('Authenticated.', 'Nothing to do.'),
		415: advice('The token holds no rights in this NIP context.', 'Check the Context NIP in the credential, or use a token issued for that NIP.'),
		425: advice('The KSeF token has been revoked.', 'Generate a new token in the KSeF app and update the credential.'),
		450: advice('The KSeF token is wrong or inactive.', 'Paste the token again exactly as issued (with its | characters) and check it is active in the environment selected in the credential.'),
	},
	export: {
		100: advice('The export is being prepared.', 'Wait; large exports can take a long time.', false, false),
		200: advice('The export package is ready.', 'Download it before it expires.'),
		415: advice('KSeF could not decrypt the export key.', 'Request the export again.'),
		420: advice('The date range reaches beyond what KSeF has finished storing (HWM).', 'End the range at permanentStorageHwmDate or earlier.'),
	},
};

export function explainStatus(code: number, context: CodeContext = 'invoice'): CodeAdvice | undefined {
	return STATUS_BY_CONTEXT[context][code] ?? COMMON_STATUS[code];
}

const EXCEPTIONS: Record<number, CodeAdvice> = {
	21001: advice('KSeF could not read the request content.', 'Check the encoding and format of what was sent.'),
	21111: advice('The authentication challenge is invalid or was already used.', 'Start the authentication again (the nodes do this automatically).', true),
	21115: advice('Invalid certificate.', 'Use a valid certificate.'),
	21117: advice('The identifier does not fit the context type.', 'Check the Context NIP in the credential.'),
	21155: advice('Too many invoices in one session.', 'Send fewer invoices per session (Batch Send splits automatically).'),
	21157: advice('A batch part has an invalid size.', 'Use parts of at most 100 MB.'),
	21161: advice('Too many batch parts.', 'Use at most 50 parts (a larger part size).'),
	21164: advice('No invoice with this identifier exists in this context.', 'Check the KSeF number, and that the credential’s NIP is the seller or buyer of the invoice.'),
	21165: advice('The invoice is processed but not downloadable yet.', 'Try again in a few minutes.', true),
	21166: advice('A technical correction is not available for this invoice.', 'Send a regular correction instead.'),
	21167: advice('The invoice’s status does not allow a technical correction.', 'Only rejected offline invoices can be technically corrected.'),
	21173: advice('No session with this reference number in this context.', 'Check the session reference and that the credential uses the NIP that opened the session.'),
	21175: advice('No query result with this identifier.', 'Run the query again.'),
	21178: advice('No UPO found for these criteria (yet).', 'UPOs appear once the invoice is accepted and the session processed; try again later.', true),
	21180: advice('The session’s status does not allow this operation (e.g. it is already closed).', 'Open a new session.'),
	21181: advice('Invalid export request (e.g. this subject type is not allowed for the context).', 'Check the filters.'),
	21182: advice('Too many exports are running for this context.', 'Wait for running exports to finish, then try again.', true),
	21183: advice('The date range goes beyond the data KSeF has finished storing.', 'End the range at the permanent-storage high-water mark.'),
	21205: advice('The package is empty.', 'Include at least one invoice.'),
	21208: advice('The upload or close came too late; the session timed out.', 'Send the batch again in a new session.'),
	21217: advice('Invalid character encoding.', 'Send UTF-8 XML.'),
	21301: advice('Not authorised: the tokens were already redeemed, the authentication failed, or the KSeF token was revoked.', 'Authenticate again; if the KSeF token was revoked, generate a new one.'),
	21304: advice('Not authenticated: the authentication operation was not found.', 'Authenticate again.'),
	21308: advice('Authorisation methods of a deceased person were used.', 'Use the credentials of an authorised person.'),
	21401: advice('The document does not match the XSD schema.', 'Fix the invoice XML (the node’s schema check names the element).'),
	21402: advice('The file size is wrong (or over the limit).', 'Check the size; invoices may be at most 1 MB (3 MB with attachments).'),
	21403: advice('The file hash is wrong.', 'The file changed between hashing and sending; send it again.'),
	21405: advice('KSeF rejected the request’s input.', 'Read the details; they name the field.'),
	21418: advice('The continuation token has an invalid format.', 'Start the listing from the beginning.'),
	21470: advice('The encryption key is unknown or withdrawn.', 'Try again: the client fetches KSeF’s current certificates.', true),
};

export function explainException(code: number): CodeAdvice | undefined {
	return EXCEPTIONS[code];
}
