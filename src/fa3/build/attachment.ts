import type { AttachmentFields, AttachmentTableFields } from './fields';
import { fieldLabel, type FieldReader } from './fieldReader';
import { parseDecimal } from './money';
import { leaf, node, type XmlElement } from './xmlTree';

export const COLUMN_TYPES = ['txt', 'int', 'dec', 'date', 'datetime', 'time'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

// What a cell of each column type must look like; the schema itself only limits their length.
const CELL_FORMATS: Record<ColumnType, { test: (cell: string) => boolean; hint: string }> = {
	txt: { test: () => true, hint: '' },
	int: { test: (cell) => /^-?\d+$/.test(cell), hint: 'a whole number' },
	dec: { test: (cell) => parseDecimal(cell) !== undefined, hint: 'a decimal number such as 12.50' },
	date: { test: (cell) => /^\d{4}-\d{2}-\d{2}$/.test(cell), hint: 'a date YYYY-MM-DD' },
	datetime: { test: (cell) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(cell), hint: 'a date-time such as 2026-02-28T12:00:00' },
	time: { test: (cell) => /^\d{2}:\d{2}(:\d{2})?$/.test(cell), hint: 'a time such as 12:30' },
};

const cellText = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/**
 * Zalacznik: the attachment FA(3) allows (data blocks of key/value metadata, paragraphs and typed tables, e.g. a
 * utility's meter readings). Invoices with one cannot go through an online session; they go to Batch Send.
 */
export function attachmentElement(reader: FieldReader, attachment: AttachmentFields | undefined): XmlElement[] {
	if (!attachment) return [];
	const blocksField = fieldLabel('Attachment Blocks', 'attachment.blocks', 'BlokDanych');
	const blocks = reader.list(attachment.blocks, blocksField);
	if (!blocks.length) reader.report(blocksField, 'must contain at least one data block');
	return [
		node(
			'Zalacznik',
			blocks.map((block, index) => {
				const path = `attachment.blocks[${index}]`;
				const prefix = `Attachment Block ${index + 1}`;
				const metadataField = fieldLabel(`${prefix} Metadata`, `${path}.metadata`, 'MetaDane');
				const metadata = reader.list(block?.metadata, metadataField);
				if (!metadata.length) reader.report(metadataField, 'must contain at least one key/value pair (FA(3) requires MetaDane in every block)');
				const paragraphs = reader.list(block?.paragraphs, fieldLabel(`${prefix} Paragraphs`, `${path}.paragraphs`, 'Akapit'));
				if (paragraphs.length > 10) reader.report(fieldLabel(`${prefix} Paragraphs`, `${path}.paragraphs`, 'Akapit'), `has ${paragraphs.length} paragraphs; FA(3) allows at most 10 per block`);
				const titleField = fieldLabel(`${prefix} Title`, `${path}.title`, 'ZNaglowek');
				return node(
					'BlokDanych',
					[
						leaf('ZNaglowek', reader.text(block?.title, titleField, { maxLength: 512 }), titleField),
						keyValues(reader, metadata, `${prefix} Metadata`, `${path}.metadata`, 'MetaDane', 'ZKlucz', 'ZWartosc'),
						paragraphs.length
							? [node('Tekst', paragraphs.map((text, p) => leaf('Akapit', reader.text(text, fieldLabel(`${prefix} Paragraph ${p + 1}`, `${path}.paragraphs[${p}]`, 'Akapit'), { maxLength: 512 }), fieldLabel(`${prefix} Paragraph ${p + 1}`, `${path}.paragraphs[${p}]`, 'Akapit'))))]
							: [],
						reader.list(block?.tables, fieldLabel(`${prefix} Tables`, `${path}.tables`, 'Tabela')).map((table, t) => tableElement(reader, table, `${prefix} Table ${t + 1}`, `${path}.tables[${t}]`)),
					],
					fieldLabel(prefix, path, 'BlokDanych'),
				);
			}),
		),
	];
}

function keyValues(reader: FieldReader, pairs: Array<{ key: string; value: string }>, prefix: string, path: string, wrapper: string, keyName: string, valueName: string): XmlElement[] {
	return pairs.map((pair, index) => {
		const keyField = fieldLabel(`${prefix} ${index + 1} Key`, `${path}[${index}].key`, keyName);
		const valueField = fieldLabel(`${prefix} ${index + 1} Value`, `${path}[${index}].value`, valueName);
		return node(wrapper, [leaf(keyName, reader.text(pair?.key, keyField, { required: true }), keyField), leaf(valueName, reader.text(pair?.value, valueField, { required: true }), valueField)]);
	});
}

function tableElement(reader: FieldReader, table: AttachmentTableFields, prefix: string, path: string): XmlElement {
	const columnsField = fieldLabel(`${prefix} Columns`, `${path}.columns`, 'Kol');
	const columns = reader.list(table?.columns, columnsField);
	if (!columns.length || columns.length > 20) reader.report(columnsField, `must have 1 to 20 columns, not ${columns.length}`);
	const types = columns.map((column, index) => reader.choice(column?.type, fieldLabel(`${prefix} Column ${index + 1} Type`, `${path}.columns[${index}].type`, 'Kol/@Typ'), COLUMN_TYPES, 'txt') ?? 'txt');
	const rowsField = fieldLabel(`${prefix} Rows`, `${path}.rows`, 'Wiersz');
	const rows = reader.list(table?.rows, rowsField);
	if (!rows.length) reader.report(rowsField, 'must contain at least one row');
	const cells = (values: unknown, field: (cell: number) => string, element: string, rowLabel: string) => {
		const list = Array.isArray(values) ? values : [];
		if (!Array.isArray(values)) reader.report(field(0), 'must be a list of cells');
		if (list.length > columns.length) reader.report(field(columns.length), `${rowLabel} has ${list.length} cells but the table has ${columns.length} columns`);
		return list.map((value, cell) => {
			const text = cellText(value);
			const format = CELL_FORMATS[types[cell] ?? 'txt'];
			// A dash marks "no value" in any column, as the Ministry's own samples write it.
			if (text && text !== '-' && !format.test(text)) reader.report(field(cell), `"${text}" is not ${format.hint} (column ${cell + 1} is ${types[cell]})`);
			// Empty cells stay: they hold their column's place (WKom may be empty).
			return { name: element, text, field: field(cell) };
		});
	};
	const descriptionField = fieldLabel(`${prefix} Description`, `${path}.description`, 'Opis');
	return node('Tabela', [
		keyValues(reader, reader.list(table?.metadata, fieldLabel(`${prefix} Metadata`, `${path}.metadata`, 'TMetaDane')), `${prefix} Metadata`, `${path}.metadata`, 'TMetaDane', 'TKlucz', 'TWartosc'),
		leaf('Opis', reader.text(table?.description, descriptionField, { maxLength: 512 }), descriptionField),
		node(
			'TNaglowek',
			columns.map((column, index) => {
				const nameField = fieldLabel(`${prefix} Column ${index + 1} Name`, `${path}.columns[${index}].name`, 'NKom');
				return { name: 'Kol', attributes: { Typ: types[index] }, children: [{ name: 'NKom', text: reader.text(column?.name, nameField, { required: true }) ?? '', field: nameField }], field: nameField };
			}),
		),
		rows.map((row, r) => node('Wiersz', cells(row, (cell) => fieldLabel(`${prefix} Row ${r + 1} Cell ${cell + 1}`, `${path}.rows[${r}][${cell}]`, 'WKom'), 'WKom', `row ${r + 1}`))),
		table?.sums ? [node('Suma', cells(table.sums, (cell) => fieldLabel(`${prefix} Sum ${cell + 1}`, `${path}.sums[${cell}]`, 'SKom'), 'SKom', 'the sum row'))] : [],
	]);
}
