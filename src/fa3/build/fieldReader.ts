import { KsefInputError } from '../../errors/KsefInputError';
import { ksefNumberProblem } from '../../domain/ksefNumber';
import { nipProblem } from '../../domain/nip';
import { parseDecimal, type Money } from './money';

export interface FieldProblem {
	field: string;
	problem: string;
}

/** Invoice fields that cannot make a valid invoice: every problem found, each naming the field to fix. */
export class InvoiceFieldsError extends KsefInputError {
	constructor(readonly problems: FieldProblem[]) {
		super(
			problems.length === 1 ? problems[0].field : `${problems.length} invoice fields`,
			problems.length === 1 ? problems[0].problem : `need fixing: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`,
			'Fix the fields named and run again; nothing was sent.',
		);
	}
}

/** A field's label: what the user sees in the node, the JSON key, and the FA(3) element, e.g. "Issue Date (issueDate, P_1)". */
export function fieldLabel(label: string, path: string, element?: string): string {
	return `${label} (${path}${element ? `, ${element}` : ''})`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads plain values and collects what is wrong with them instead of stopping at the first problem, so one
 * run tells the user everything to fix.
 */
export class FieldReader {
	readonly problems: FieldProblem[] = [];

	report(field: string, problem: string): void {
		// A value read twice (e.g. for two elements) is reported once.
		if (!this.problems.some((known) => known.field === field && known.problem === problem)) this.problems.push({ field, problem });
	}

	throwIfProblems(): void {
		if (this.problems.length) throw new InvoiceFieldsError(this.problems);
	}

	text(value: unknown, field: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
		const text = value === undefined || value === null ? '' : typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
		if (text === undefined) {
			this.report(field, `must be text, not ${typeof value}`);
			return undefined;
		}
		if (!text) {
			if (options.required) this.report(field, 'is required');
			return undefined;
		}
		const maxLength = options.maxLength ?? 256;
		if ([...text].length > maxLength) {
			this.report(field, `is ${[...text].length} characters long; FA(3) allows at most ${maxLength}`);
			return undefined;
		}
		return text;
	}

	date(value: unknown, field: string, required = false): string | undefined {
		const text = this.text(value, field, { required });
		if (text === undefined) return undefined;
		// Expressions often hand over a full ISO timestamp; its calendar date is what the invoice means.
		const day = /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
		const match = DATE.exec(day);
		const parsed = new Date(`${day}T00:00:00Z`);
		const valid = match && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day && Number(match[1]) >= 2006;
		if (!valid) {
			this.report(field, `"${text}" is not a date; use YYYY-MM-DD, e.g. 2026-02-15`);
			return undefined;
		}
		return day;
	}

	decimal(value: unknown, field: string, options: { required?: boolean; maxDecimals: number; allowNegative?: boolean; positive?: boolean }): Money | undefined {
		if (value === undefined || value === null || value === '') {
			if (options.required) this.report(field, 'is required');
			return undefined;
		}
		const decimal = parseDecimal(value);
		if (!decimal) {
			this.report(field, `"${String(value)}" is not a number; write it like 1234.56`);
			return undefined;
		}
		if (decimal.decimalPlaces() > options.maxDecimals) {
			this.report(field, `${decimal.toFixed()} has more than ${options.maxDecimals} decimal places`);
			return undefined;
		}
		if (decimal.isNegative() && !decimal.isZero() && !options.allowNegative) {
			this.report(field, `must not be negative (${decimal.toFixed()})`);
			return undefined;
		}
		if (options.positive && !decimal.greaterThan(0)) {
			this.report(field, `must be greater than 0 (${decimal.toFixed()})`);
			return undefined;
		}
		return decimal;
	}

	nip(value: unknown, field: string, required = true): string | undefined {
		const text = this.text(value, field, { required });
		if (text === undefined) return undefined;
		const problem = nipProblem(text);
		if (problem) {
			this.report(field, problem.replace(/^the NIP /, ''));
			return undefined;
		}
		return text;
	}

	ksefNumber(value: unknown, field: string, verifyChecksum: boolean): string | undefined {
		const text = this.text(value, field, { required: true });
		if (text === undefined) return undefined;
		const problem = ksefNumberProblem(text);
		const formatOnly = problem && !verifyChecksum && /checksum/.test(problem);
		if (problem && !formatOnly) {
			this.report(field, problem);
			return undefined;
		}
		return text;
	}

	/** An optional value from a fixed list: undefined when not given. */
	optionalChoice<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		return this.choice(value, field, allowed);
	}

	/** A value from a fixed list; the message lists what is allowed. */
	choice<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback?: T): T | undefined {
		if (value === undefined || value === null || value === '') {
			if (fallback === undefined) this.report(field, `is required; one of ${allowed.join(', ')}`);
			return fallback;
		}
		const text = String(value).trim();
		const found = allowed.find((option) => option.toLowerCase() === text.toLowerCase());
		if (!found) this.report(field, `"${text}" is not one of ${allowed.join(', ')}`);
		return found;
	}

	flag(value: unknown, field: string): boolean {
		if (value === undefined || value === null || value === '') return false;
		if (typeof value === 'boolean') return value;
		const text = String(value).trim().toLowerCase();
		if (['true', '1', 'yes', 'tak'].includes(text)) return true;
		if (['false', '0', 'no', 'nie'].includes(text)) return false;
		this.report(field, `"${String(value)}" is not true or false`);
		return false;
	}

	list<T>(value: T[] | T | undefined | null, field: string): T[] {
		if (value === undefined || value === null || value === '') return [];
		if (Array.isArray(value)) return value;
		if (typeof value === 'object') return [value];
		this.report(field, 'must be a list');
		return [];
	}
}
