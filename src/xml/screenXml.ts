import { KsefInputError } from '../errors/KsefInputError';

/**
 * Deeper than any FA(3) or UPO document goes (FA(3) nests about 8 levels; attachment tables about 10), and far
 * below the depth at which a recursive parser overflows the stack (100,000 levels did, killing the execution).
 */
export const MAX_XML_DEPTH = 64;

export interface ScreenOptions {
	/** The field named in messages, e.g. "Invoice XML". */
	field: string;
	/** What to do when the document is not XML at all or is cut off. */
	fix: string;
	maxDepth?: number;
}

/**
 * One linear pass over XML text, before any parser sees it, refusing what could hurt a parser or what a
 * parser would describe badly: DOCTYPE/ENTITY declarations (entity expansion, external entities), nesting
 * deeper than `maxDepth`, references that are not one of the five predefined entities or a character XML
 * allows (`&#x110000;` crashed fast-xml-parser 5.3.3), and documents that end inside a tag or with elements
 * still open (a cut-off download or copy, which parsers report at "line 1").
 * Well-formedness in full is left to the validator that runs after this.
 */
export function screenXml(text: string, options: ScreenOptions): void {
	const maxDepth = options.maxDepth ?? MAX_XML_DEPTH;
	if (!/^\s*</.test(text)) {
		throw new KsefInputError(
			options.field,
			`is not well-formed XML: it ${text.trim() ? `starts with "${printable(text.trim().slice(0, 20))}", not with "<"` : "is empty"} (JSON, a PDF or an empty value?)`,
			options.fix,
		);
	}
	const open: string[] = [];
	// After a closing tag that does not match, the structure is broken rather than cut off: the validator that
	// runs next names the tag and line, so the end-of-document verdict is left to it.
	let mismatched = false;
	let position = 0;
	for (;;) {
		const tagStart = text.indexOf('<', position);
		checkReferences(text, position, tagStart === -1 ? text.length : tagStart, options.field);
		if (tagStart === -1) break;
		if (text.startsWith('<!--', tagStart)) {
			position = endOf(text, '-->', tagStart, open, 'a comment', options);
			continue;
		}
		if (text.startsWith('<![CDATA[', tagStart)) {
			position = endOf(text, ']]>', tagStart, open, 'a CDATA section', options);
			continue;
		}
		if (text.startsWith('<!', tagStart)) {
			throw new KsefInputError(
				options.field,
				`contains a DOCTYPE or ENTITY declaration (line ${lineAt(text, tagStart)}), which FA(3) documents never have`,
				'Remove the declaration; KSeF refuses it too. Nothing was parsed.',
			);
		}
		if (text.startsWith('<?', tagStart)) {
			position = endOf(text, '?>', tagStart, open, 'a processing instruction', options);
			continue;
		}
		const tagEnd = endOfTag(text, tagStart);
		if (tagEnd === -1) throw cutOff(text, open, `inside the tag that starts at line ${lineAt(text, tagStart)}`, options);
		checkReferences(text, tagStart, tagEnd, options.field);
		const closing = text[tagStart + 1] === '/';
		if (closing) {
			const name = /^<\/([^\s>]*)/.exec(text.slice(tagStart, Math.min(tagEnd + 1, tagStart + 200)))?.[1];
			if (open.pop() !== name) mismatched = true;
		} else if (text[tagEnd - 1] !== '/') {
			open.push(/^<([^\s/>]*)/.exec(text.slice(tagStart, Math.min(tagEnd, tagStart + 200)))?.[1] ?? '?');
			if (open.length > maxDepth) {
				throw new KsefInputError(
					options.field,
					`nests elements more than ${maxDepth} levels deep (line ${lineAt(text, tagStart)}, inside <${open.slice(0, 3).join('><')}>…); no FA(3) document comes close`,
					'Pass the invoice file itself; this document was not produced by an invoicing system. Nothing was parsed.',
				);
			}
		}
		position = tagEnd + 1;
	}
	if (open.length > 0 && !mismatched) throw cutOff(text, open, `while <${open[open.length - 1]}> is still open`, options);
}

// Quoted attribute values may contain ">", so the tag ends at the first ">" outside quotes.
function endOfTag(text: string, tagStart: number): number {
	let quote = '';
	for (let index = tagStart + 1; index < text.length; index++) {
		const char = text[index];
		if (quote) {
			if (char === quote) quote = '';
		} else if (char === '"' || char === "'") {
			quote = char;
		} else if (char === '>') {
			return index;
		}
	}
	return -1;
}

function endOf(text: string, terminator: string, start: number, open: string[], what: string, options: ScreenOptions): number {
	const end = text.indexOf(terminator, start);
	if (end === -1) throw cutOff(text, open, `inside ${what} that starts at line ${lineAt(text, start)}`, options);
	return end + terminator.length;
}

function cutOff(text: string, open: string[], where: string, options: ScreenOptions): KsefInputError {
	const lines = lineAt(text, text.length);
	const outer = open.length > 1 ? ` (${open.length} elements open, from <${open[0]}>)` : '';
	return new KsefInputError(
		options.field,
		`ends at line ${lines} ${where}${outer}: the document looks cut off (${text.length.toLocaleString('en-US')} characters arrived)`,
		'Check that the whole document arrived: an interrupted download, a size limit or a truncated copy in an earlier step cuts it short.',
	);
}

const REFERENCE = /&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,10})|(amp|lt|gt|quot|apos));/y;

function checkReferences(text: string, from: number, to: number, field: string): void {
	for (let index = text.indexOf('&', from); index !== -1 && index < to; index = text.indexOf('&', index + 1)) {
		REFERENCE.lastIndex = index;
		const match = REFERENCE.exec(text);
		if (!match || REFERENCE.lastIndex > to) {
			throw new KsefInputError(
				field,
				`has a "&" at line ${lineAt(text, index)} that starts no valid reference ("${printable(text.slice(index, index + 12).split(/[\r\n]/)[0])}…")`,
				'Write a literal "&" as "&amp;"; named entities other than &amp; &lt; &gt; &quot; &apos; do not exist in XML without a DOCTYPE, which KSeF refuses.',
			);
		}
		if (match[3]) continue;
		const codePoint = match[1] !== undefined ? parseInt(match[1], 16) : Number(match[2]);
		if (!isXmlChar(codePoint)) {
			throw new KsefInputError(
				field,
				`contains the character reference ${match[0]} at line ${lineAt(text, index)}, which is not a character XML allows`,
				'Fix the text in the source system; the reference is invalid (KSeF refuses it too). Nothing was parsed.',
			);
		}
	}
}

/** XML 1.0's Char production. */
export function isXmlChar(codePoint: number): boolean {
	return (
		codePoint === 0x9 ||
		codePoint === 0xa ||
		codePoint === 0xd ||
		(codePoint >= 0x20 && codePoint <= 0xd7ff) ||
		(codePoint >= 0xe000 && codePoint <= 0xfffd) ||
		(codePoint >= 0x10000 && codePoint <= 0x10ffff)
	);
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The five predefined entities and character references, decoded. The parser is told to leave entities alone
 * (it never expands anything); this runs on values only after screenXml has checked every reference.
 */
export function decodeXmlText(value: string): string {
	if (!value.includes('&')) return value;
	return value.replace(/&(?:#x([0-9a-fA-F]{1,8})|#([0-9]{1,10})|(amp|lt|gt|quot|apos));/g, (whole, hex?: string, decimal?: string, name?: string) => {
		if (name) return PREDEFINED[name];
		const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
		return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : whole;
	});
}

export function lineAt(text: string, index: number): number {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
	return line;
}

function printable(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
