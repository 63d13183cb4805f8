/** Short names for the request and response shapes of openapi.json (generated into ksefApi.ts by `npm run api:types`). */
import type { components } from './ksefApi';

type Schemas = components['schemas'];

export type PublicKeyCertificate = Schemas['PublicKeyCertificate'];
export type PublicKeyCertificateUsage = Schemas['PublicKeyCertificateUsage'];
export type AuthenticationChallengeResponse = Schemas['AuthenticationChallengeResponse'];
export type InitTokenAuthenticationRequest = Schemas['InitTokenAuthenticationRequest'];
export type AuthenticationInitResponse = Schemas['AuthenticationInitResponse'];
export type AuthenticationOperationStatusResponse = Schemas['AuthenticationOperationStatusResponse'];
export type AuthenticationTokensResponse = Schemas['AuthenticationTokensResponse'];
export type AuthenticationTokenRefreshResponse = Schemas['AuthenticationTokenRefreshResponse'];
export type StatusInfo = Schemas['StatusInfo'];
export type InvoiceStatusInfo = Schemas['InvoiceStatusInfo'];
export type FormCode = Schemas['FormCode'];
export type EncryptionInfo = Schemas['EncryptionInfo'];
export type OpenOnlineSessionRequest = Schemas['OpenOnlineSessionRequest'];
export type OpenOnlineSessionResponse = Schemas['OpenOnlineSessionResponse'];
export type SendInvoiceRequest = Schemas['SendInvoiceRequest'];
export type SendInvoiceResponse = Schemas['SendInvoiceResponse'];
export type SessionStatusResponse = Schemas['SessionStatusResponse'];
export type SessionInvoiceStatusResponse = Schemas['SessionInvoiceStatusResponse'];
export type SessionInvoicesResponse = Schemas['SessionInvoicesResponse'];
export type OpenBatchSessionRequest = Schemas['OpenBatchSessionRequest'];
export type OpenBatchSessionResponse = Schemas['OpenBatchSessionResponse'];
export type BatchFilePartInfo = Schemas['BatchFilePartInfo'];
export type AuthenticationListResponse = Schemas['AuthenticationListResponse'];
export type PartUploadRequest = Schemas['PartUploadRequest'];
export type CheckAttachmentPermissionStatusResponse = Schemas['CheckAttachmentPermissionStatusResponse'];
export type EffectiveContextLimits = Schemas['EffectiveContextLimits'];
