import { validateXML } from 'xmllint-wasm';
import { fa3SchemaFiles } from './schemaFiles';
import { parseXmllintOutput, type SchemaError } from './xmllintOutput';

export type { SchemaError } from './xmllintOutput';

export type ValidationResult = { valid: true } | { valid: false; errors: SchemaError[] };

// Each xmllint call starts a worker, compiles the WebAssembly and parses the schema (~250 ms); validating a
// document costs a few ms more. Chunks keep that start-up cost shared while bounding the memory one call needs:
// every document in a chunk sits in xmllint's in-memory file system at once.
const MAX_DOCUMENTS_PER_CALL = 500;
const MAX_BYTES_PER_CALL = 48 * 1024 * 1024;
// 64 KiB pages: 256 MiB leaves room for the chunk above plus the tree of a 10 MB invoice (KSeF's largest).
const XMLLINT_MEMORY_PAGES = 4096;

/** Validates an invoice against the real FA(3) XSD with libxml2 (xmllint compiled to WebAssembly): the same rules KSeF applies. */
export async function validateFa3(xml: Buffer | string): Promise<ValidationResult> {
	return (await validateFa3Many([xml]))[0];
}

/**
 * Many invoices in few xmllint runs, results in input order. The schema is parsed once per run, which is most of
 * the cost, so this is far faster than calling validateFa3 in a loop.
 */
export async function validateFa3Many(documents: ReadonlyArray<Buffer | string>): Promise<ValidationResult[]> {
	const results: ValidationResult[] = [];
	for (const chunk of chunksOf(documents)) results.push(...(await validateChunk(chunk)));
	return results;
}

function chunksOf(documents: ReadonlyArray<Buffer | string>): Array<Array<Buffer | string>> {
	const chunks: Array<Array<Buffer | string>> = [];
	let current: Array<Buffer | string> = [];
	let bytes = 0;
	for (const document of documents) {
		const size = typeof document === 'string' ? Buffer.byteLength(document) : document.length;
		if (current.length > 0 && (current.length >= MAX_DOCUMENTS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
			chunks.push(current);
			current = [];
			bytes = 0;
		}
		current.push(document);
		bytes += size;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}

async function validateChunk(documents: Array<Buffer | string>): Promise<ValidationResult[]> {
	const { main, imports } = fa3SchemaFiles();
	const fileNames = documents.map((_, index) => `invoice-${index}.xml`);
	let output: string;
	try {
		const result = await validateXML({
			xml: documents.map((document, index) => ({ fileName: fileNames[index], contents: asXmllintContents(document) })),
			schema: main,
			preload: imports,
			maxMemoryPages: XMLLINT_MEMORY_PAGES,
		});
		output = result.rawOutput;
	} catch (error) {
		// xmllint ended abnormally (e.g. out of memory). One document at a time isolates the one that caused it.
		if (documents.length > 1) {
			const singles: ValidationResult[] = [];
			for (const document of documents) singles.push(...(await validateChunk([document])));
			return singles;
		}
		return [{ valid: false, errors: [{ message: `xmllint could not check this document: ${firstLine(error)}` }] }];
	}
	const verdicts = parseXmllintOutput(output, fileNames);
	return fileNames.map((fileName) => {
		const verdict = verdicts.get(fileName);
		if (verdict?.validates) return { valid: true };
		const errors = verdict?.errors.length ? verdict.errors : [{ message: 'xmllint rejected the document without giving a reason.' }];
		return { valid: false, errors };
	});
}

// A view, not a copy: invoices can be megabytes and a batch holds thousands.
function asXmllintContents(document: Buffer | string): string | Uint8Array {
	return typeof document === 'string' ? document : new Uint8Array(document.buffer, document.byteOffset, document.byteLength);
}

function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0] || 'unknown failure';
}
