import { readFileSync } from 'node:fs';
import { create } from 'fontkit';

/**
 * DejaVu Sans Condensed (from the dejavu-fonts-ttf package): every Polish letter, narrow enough for invoice tables.
 * Parsed once per process and shared by every document: parsing the font was most of a PDF's cost when each
 * document did it itself (pdfkit accepts a parsed font). pdfkit embeds only the glyphs a document uses.
 */
export interface PdfFonts {
	regular: object;
	bold: object;
}

let fonts: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
	fonts ??= {
		regular: create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'))),
		bold: create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'))),
	};
	return fonts;
}
