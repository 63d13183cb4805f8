import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { KsefInputError } from '../errors/KsefInputError';
import { decodeXmlText, MAX_XML_DEPTH, screenXml, type ScreenOptions } from './screenXml';

/**
 * A fast-xml-parser that is safe by construction: it never processes entities (no expansion, no DOCTYPE
 * handling, no numeric references turned into code points by the library), and caps nesting itself as a second
 * line behind screenXml. The five predefined entities and character references in values are decoded by
 * decodeXmlText, after screenXml has checked every one of them.
 */
export function safeXmlParser(options: Partial<X2jOptions>): XMLParser {
	return new XMLParser({
		...options,
		processEntities: false,
		htmlEntities: false,
		maxNestedTags: MAX_XML_DEPTH + 1,
		tagValueProcessor: (_name, value) => decodeXmlText(value),
		attributeValueProcessor: (_name, value) => decodeXmlText(value),
	});
}

/** The document as text (a UTF-8 byte order mark removed: legal in a file, but not before a declaration in a string). */
export function xmlText(xml: Buffer | string): string {
	return (typeof xml === 'string' ? xml : xml.toString('utf8')).replace(/^\uFEFF/, '');
}

/**
 * Screens the text (see screenXml), then checks it is well-formed, then parses it. Every failure is a
 * KsefInputError naming the field and the line; nothing else escapes for any input.
 */
export function parseSafely<T>(parser: XMLParser, text: string, options: ScreenOptions): T {
	screenXml(text, options);
	const check = XMLValidator.validate(text);
	if (check !== true) {
		throw new KsefInputError(options.field, `is not well-formed XML (line ${check.err.line}, column ${check.err.col}: ${check.err.msg.replace(/\.$/, '')})`, options.fix);
	}
	try {
		return parser.parse(text) as T;
	} catch (error) {
		// The screen and the validator should leave nothing for the parser to refuse; if it does, the item still
		// gets a message of its own rather than taking the execution down.
		throw new KsefInputError(options.field, `could not be read as XML (${error instanceof Error ? error.message : String(error)})`, options.fix);
	}
}
