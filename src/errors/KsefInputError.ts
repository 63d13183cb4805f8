import { KsefError } from './KsefError';

/**
 * Input that cannot work, found before any network call. The message names the field and what is wrong;
 * `fix` says what to change.
 */
export class KsefInputError extends KsefError {
	constructor(
		readonly field: string,
		problem: string,
		readonly fix: string,
	) {
		super(`${field} ${problem}. ${fix}`);
	}
}
