/** The KSeF 2.0 client: everything the n8n nodes use, nothing that knows about n8n. */
export { KsefClient, type CertificateSignIn, type KsefClientOptions } from './client';
export type { CertificateMaterial } from './auth/signing/signingIdentity';
export type { SubjectIdentifierType } from './auth/signing/authTokenRequest';
export { ENVIRONMENT_BASE_URLS, resolveBaseUrl, type KsefEnvironment } from './config/environments';
export { DEFAULTS, FA3_FORM_CODE } from './config/defaults';
export {
	KsefApiError,
	KsefAuthenticationError,
	KsefError,
	KsefNetworkError,
	KsefTimeoutError,
	type KsefExceptionDetail,
} from './errors/KsefError';
export type { InvoiceOutcome, InvoiceOutcomeKind } from './sessions/invoiceOutcome';
export type { InvoiceToSend, SendInvoicesOptions } from './sessions/sendInvoices';
export type * from './api/schemas';
export { clearTokenCache } from './auth/tokenCache';
export { closeAllDispatchers } from './http/transport';
export { EgressRefusedError, type EgressPolicy } from './http/egress';
export type { RequestEvent } from './http/httpClient';
export type { BatchInvoice } from './batch/batchPlan';
export { entryName } from './batch/batchPlan';
export type { BatchPhase, BatchResult, BatchSessionResult, SendBatchOptions } from './batch/sendBatch';
export type { QueryOptions, QueryPageEvent } from './invoices/queryMetadata';
export type { DownloadedInvoice } from './invoices/download';
export type { ExportedInvoice, ExportOptions, ExportProgress } from './invoices/exportInvoices';
export type { SyncFilters, SyncOptions, SyncPoll, SyncedInvoice } from './invoices/incrementalSync';
export { CheckpointTracker, type RangeCheckpoint } from './invoices/rangeCheckpoint';
export { newCursor, readCursor, SUBJECT_TYPES, type SubjectType, type SyncCursor } from './invoices/syncCursor';
export { parseInvoice, type InvoiceJson, type InvoiceJsonValue } from './invoices/parseInvoice';
export { invoiceVerificationLink } from './domain/verificationLink';
export { describeSystemWarning, type SystemWarning } from './http/systemWarning';
