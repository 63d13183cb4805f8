import { validateXML } from 'xmllint-wasm';
import { fa3SchemaFiles } from './schemaFiles';

export interface SchemaError {
	line?: number;
	/** The element xmllint complains about, e.g. `{http://crd.gov.pl/wzor/2025/06/25/13775/}P_2`, shortened to `P_2`. */
	element?: string;
	message: string;
}

export type ValidationResult = { valid: true } | { valid: false; errors: SchemaError[] };

/** Validates invoices against the real FA(3) XSD with libxml2 (xmllint compiled to WebAssembly): the same rules KSeF applies. */
export async function validateFa3(xml: Buffer | string): Promise<ValidationResult> {
	return (await validateFa3Many([xml]))[0];
}

/**
 * Many invoices in one xmllint run: the schema is parsed once, which is most of the cost. Errors are sorted
 * back to their documents by file name.
 */
export async function validateFa3Many(documents: Array<Buffer | string>): Promise<ValidationResult[]> {
	if (documents.length === 0) return [];
	const { main, imports } = fa3SchemaFiles();
	const names = documents.map((_, index) => `invoice-${index}.xml`);
	const result = await validateXML({
		xml: documents.map((document, index) => ({
			fileName: names[index],
			contents: typeof document === 'string' ? document : new Uint8Array(document.buffer, document.byteOffset, document.byteLength),
		})),
		schema: main,
		preload: imports,
		maxMemoryPages: 4096,
	});
	const errorsByFile = new Map<string, SchemaError[]>();
	for (const error of result.errors) {
		// Summary lines ("invoice-3.xml fails to validate") carry no location; their file name leads the raw message.
		const fileName = error.loc?.fileName ?? /^(invoice-\d+\.xml)/.exec(error.rawMessage)?.[1] ?? names[0];
		if (!error.loc && errorsByFile.has(fileName)) continue;
		const element = /Element '([^']+)'/.exec(error.message)?.[1]?.replace(/^\{[^}]*\}/, '');
		const entry: SchemaError = { line: error.loc?.lineNumber, element, message: error.message.replace(/\{[^}]*\}/g, '').trim() };
		errorsByFile.set(fileName, [...(errorsByFile.get(fileName) ?? []), entry]);
	}
	return names.map((name) => {
		const errors = errorsByFile.get(name);
		return errors?.length ? { valid: false, errors } : { valid: true };
	});
}
