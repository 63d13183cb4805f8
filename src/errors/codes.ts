/**
 * KSeF's status codes (100–550, per context) and exception codes (21xxx and others) in plain English, with what
 * to do next. One import for callers; the tables live in statusCodes.ts and exceptionCodes.ts.
 */
export type { CodeAdvice, CodeContext } from './codeAdvice';
export { DOCUMENTED_STATUS_CODES, explainStatus } from './statusCodes';
export { explainException } from './exceptionCodes';
