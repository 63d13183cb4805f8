import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The FA(3) schema and its imports, shipped in the package (gulp copies src/fa3/xsd into dist/src/fa3/xsd, the
 * same place relative to this file whether it runs from TypeScript or from dist/).
 */
export const FA3_SCHEMA_DIR = join(__dirname, 'xsd');
export const FA3_MAIN_SCHEMA = 'schemat_FA(3)_v1-0E.xsd';
export const FA3_IMPORTED_SCHEMAS = ['StrukturyDanych_v10-0E.xsd', 'ElementarneTypyDanych_v10-0E.xsd', 'KodyKrajow_v10-0E.xsd'];
export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';

export interface SchemaFile {
	fileName: string;
	contents: string;
}

let cached: { main: SchemaFile; imports: SchemaFile[] } | undefined;

export function fa3SchemaFiles(): { main: SchemaFile; imports: SchemaFile[] } {
	const read = (fileName: string): SchemaFile => ({ fileName, contents: readFileSync(join(FA3_SCHEMA_DIR, fileName), 'utf8') });
	cached ??= { main: read(FA3_MAIN_SCHEMA), imports: FA3_IMPORTED_SCHEMAS.map(read) };
	return cached;
}
