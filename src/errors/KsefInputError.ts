import { KsefError } from './KsefError';

/**
 * Input that cannot work, found before any network call. The message names the field and what is wrong;
 * `fix` says what to change.
 */
export class KsefInputError extends KsefError {
	readonly problem: string;

	constructor(
		readonly field: string,
		problem: string,
		readonly fix: string,
	) {
		// Problems quoted from other tools (xmllint, the XML parser) often end with their own full stop.
		const trimmed = problem.trim().replace(/[.\s]+$/, '');
		super(`${field} ${trimmed}. ${fix}`);
		this.problem = trimmed;
	}
}
