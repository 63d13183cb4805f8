/** What a KSeF code means and what to do about it, written for the person who reads it in n8n (often an accountant). */
export interface CodeAdvice {
	meaning: string;
	whatToDo: string;
	/** Trying the same thing again (later, or in a new session) can succeed without changing the invoice or the request. */
	retryable: boolean;
	/** KSeF will not change this status any more; waiting longer does not help. */
	final: boolean;
}

/** Where a status code came from: the same number means different things for each (guide §5). */
export type CodeContext = 'invoice' | 'session' | 'auth' | 'export';

interface AdviceFlags {
	retryable?: boolean;
	final?: boolean;
}

/** Most codes are final and need a change before trying again; the flags say when not. */
export function advice(meaning: string, whatToDo: string, flags: AdviceFlags = {}): CodeAdvice {
	return { meaning, whatToDo, retryable: flags.retryable ?? false, final: flags.final ?? true };
}

/** Still moving: check again later. */
export const IN_PROGRESS: AdviceFlags = { final: false };
/** Done, but sending again (usually in a new session) can work. */
export const RETRYABLE: AdviceFlags = { retryable: true };
