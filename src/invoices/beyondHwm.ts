import { KsefApiError } from '../errors/KsefError';

/** 21183: the range starts after permanentStorageHwmDate (with the HWM restriction on): nothing to read there yet. */
export function isBeyondHwm(error: unknown): boolean {
	return error instanceof KsefApiError && error.exceptionCode === 21183;
}
