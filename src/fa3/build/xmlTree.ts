/**
 * A minimal XML tree for the builder: elements in schema order, each remembering the user field it came from,
 * so a schema error on a line of the output can be reported as that field.
 */
export interface XmlElement {
	name: string;
	attributes?: Record<string, string>;
	text?: string;
	children?: XmlElement[];
	/** The user's field, e.g. "Issue Date (issueDate, P_1)". */
	field?: string;
}

/** An element with text, or nothing when the value is empty (optional elements are simply left out). */
export function leaf(name: string, value: string | undefined, field?: string): XmlElement[] {
	return value === undefined || value === '' ? [] : [{ name, text: value, field }];
}

export function node(name: string, children: Array<XmlElement | XmlElement[]>, field?: string): XmlElement {
	return { name, children: children.flat(), field };
}

export interface SerializedXml {
	xml: string;
	/** The field behind each line (1-based line numbers, as xmllint reports them). */
	fieldsByLine: Map<number, string>;
}

/** One element per line, tab-indented, so every element has a line of its own to report errors against. */
export function serialize(root: XmlElement): SerializedXml {
	const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
	const fieldsByLine = new Map<number, string>();
	// A text with line breaks (a note) spans several lines; xmllint counts them, so must we.
	let lineCount = 1;
	const push = (text: string) => {
		lines.push(text);
		lineCount += 1 + (text.match(/\n/g)?.length ?? 0);
	};
	const write = (element: XmlElement, depth: number, inheritedField: string | undefined) => {
		const field = element.field ?? inheritedField;
		const indent = '\t'.repeat(depth);
		const attributes = Object.entries(element.attributes ?? {})
			.map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
			.join('');
		if (field) fieldsByLine.set(lineCount + 1, field);
		if (element.children?.length) {
			push(`${indent}<${element.name}${attributes}>`);
			for (const child of element.children) write(child, depth + 1, field);
			push(`${indent}</${element.name}>`);
		} else {
			push(`${indent}<${element.name}${attributes}>${escapeXml(element.text ?? '')}</${element.name}>`);
		}
	};
	write(root, 0, undefined);
	return { xml: `${lines.join('\n')}\n`, fieldsByLine };
}

// Also escapes characters XML 1.0 cannot carry at all (control characters), which a pasted cell may contain.
export function escapeXml(value: string): string {
	return value
		// eslint-disable-next-line no-control-regex -- removing exactly these characters is the point
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}
