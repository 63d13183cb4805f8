import { validateFa3Many, type SchemaError } from '../validate';
import type { BuiltInvoice } from './buildInvoice';

export interface BuiltInvoiceProblem {
	/** The user's field, when the failing line came from one. */
	field?: string;
	element?: string;
	message: string;
}

export type BuiltInvoiceCheck = { valid: true } | { valid: false; problems: BuiltInvoiceProblem[] };

/**
 * Validates built invoices against the FA(3) XSD (one xmllint run for many, as its start-up dominates) and names
 * the user's field behind each error: the builder recorded which field produced every line it wrote.
 */
export async function validateBuiltInvoices(invoices: readonly BuiltInvoice[]): Promise<BuiltInvoiceCheck[]> {
	const results = await validateFa3Many(invoices.map((invoice) => invoice.xml));
	return results.map((result, index) => (result.valid ? { valid: true } : { valid: false, problems: result.errors.map((error) => toProblem(error, invoices[index])) }));
}

function toProblem(error: SchemaError, invoice: BuiltInvoice): BuiltInvoiceProblem {
	const field = error.line === undefined ? undefined : invoice.fieldsByLine.get(error.line);
	return { field, element: error.element, message: error.message };
}

/** One sentence per problem, field first: "Currency (currency, KodWaluty): Element 'KodWaluty': [facet 'enumeration'] …". */
export function describeProblems(problems: readonly BuiltInvoiceProblem[]): string {
	return problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message)).join('; ');
}
