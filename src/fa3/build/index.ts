/** Plain fields → a valid FA(3) invoice: the builder behind the KSeF Build Invoice node. */
export { buildInvoiceXml, type BuildOptions, type BuiltInvoice } from './buildInvoice';
export { InvoiceFieldsError, type FieldProblem } from './fieldReader';
export type * from './fields';
export { totalsJson, type TotalsJson } from './totalsJson';
export { validateBuiltInvoices, describeProblems, type BuiltInvoiceCheck, type BuiltInvoiceProblem } from './validateBuilt';
export { VAT_RATE_CODES } from './vatRates';
