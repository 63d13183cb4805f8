import PDFDocument from 'pdfkit';
import { pdfFonts } from './fonts';

/** A4 in points, with the margins the official visualisation uses (about 1.3 cm). */
const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const FOOTER_SPACE = 24;
const GAP = 6;

export type Align = 'left' | 'right' | 'center';

export interface Column {
	header: string;
	/** Share of the content width. */
	weight: number;
	align?: Align;
}

/**
 * The few layout moves an invoice or UPO needs (section headings, label/value grids, tables whose header repeats
 * on each page, paragraphs) on top of pdfkit, keeping the vertical position and breaking pages itself.
 */
export class PageWriter {
	readonly doc: PDFKit.PDFDocument;
	readonly left = PAGE.margin;
	readonly width = PAGE.width - 2 * PAGE.margin;
	y = PAGE.margin;
	private readonly bottom = PAGE.height - PAGE.margin - FOOTER_SPACE;

	constructor(title: string, language: string) {
		const fonts = pdfFonts();
		this.doc = new PDFDocument({
			size: 'A4',
			margin: PAGE.margin,
			// No standard font: pdfkit would otherwise load Helvetica's metrics for every document.
			font: null as unknown as string,
			bufferPages: true,
			lang: language,
			displayTitle: true,
			info: { Title: title, Creator: 'n8n-nodes-ksef', Producer: 'n8n-nodes-ksef (pdfkit)' },
		});
		this.doc.registerFont('regular', fonts.regular as unknown as string);
		this.doc.registerFont('bold', fonts.bold as unknown as string);
		this.doc.font('regular');
	}

	/** Starts a new page when `height` more points do not fit on this one. */
	ensure(height: number): void {
		if (this.y + height <= this.bottom) return;
		this.doc.addPage();
		this.y = PAGE.margin;
	}

	space(points = GAP): void {
		this.y += points;
	}

	heading(text: string): void {
		this.ensure(40);
		this.y += GAP;
		this.doc.font('bold').fontSize(10).fillColor('#1f3b63').text(text, this.left, this.y, { width: this.width });
		this.y = this.doc.y + 2;
		this.doc.moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.6).strokeColor('#1f3b63').stroke();
		this.y += 4;
		this.doc.fillColor('#000000');
	}

	/** Label: value pairs, in as many columns as asked; empty values are left out. */
	fields(pairs: Array<[string, string | undefined]>, columns = 2): void {
		const present = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '');
		const columnWidth = (this.width - (columns - 1) * 12) / columns;
		for (let start = 0; start < present.length; start += columns) {
			const row = present.slice(start, start + columns);
			const heights = row.map(([label, value]) => this.fieldHeight(label, value, columnWidth));
			const height = Math.max(...heights);
			this.ensure(height);
			row.forEach(([label, value], index) => this.field(label, value, this.left + index * (columnWidth + 12), columnWidth));
			this.y += height + 2;
		}
	}

	/** A block of lines (a party's name, identifiers, address) in a column, returning its height. */
	block(title: string, lines: Array<[string, string | undefined]>, x: number, width: number, y: number): number {
		let cursor = y;
		this.doc.font('bold').fontSize(9).fillColor('#1f3b63').text(title, x, cursor, { width });
		cursor = this.doc.y + 2;
		this.doc.fillColor('#000000');
		for (const [label, value] of lines) {
			if (value === undefined || value === '') continue;
			this.field(label, value, x, width, cursor);
			cursor += this.fieldHeight(label, value, width) + 2;
		}
		return cursor - y;
	}

	blockHeight(title: string, lines: Array<[string, string | undefined]>, width: number): number {
		this.doc.font('bold').fontSize(9);
		let height = this.doc.heightOfString(title, { width }) + 2;
		for (const [label, value] of lines) if (value !== undefined && value !== '') height += this.fieldHeight(label, value, width) + 2;
		return height;
	}

	paragraph(text: string, size = 8): void {
		this.doc.font('regular').fontSize(size);
		const height = this.doc.heightOfString(text, { width: this.width });
		this.ensure(Math.min(height, 200));
		this.doc.text(text, this.left, this.y, { width: this.width });
		this.y = this.doc.y + 3;
	}

	/** A table whose header is repeated on every page it continues on; a row is never split. */
	table(columns: Column[], rows: string[][], size = 7.5): void {
		if (rows.length === 0) return;
		const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0);
		const widths = columns.map((column) => (column.weight / totalWeight) * this.width);
		const pad = 2.5;
		const rowHeight = (cells: string[], font: 'regular' | 'bold') => {
			this.doc.font(font).fontSize(size);
			return Math.max(...cells.map((cell, index) => this.doc.heightOfString(cell || ' ', { width: widths[index] - 2 * pad }))) + 2 * pad;
		};
		const drawRow = (cells: string[], font: 'regular' | 'bold', height: number, shade?: string) => {
			let x = this.left;
			if (shade) this.doc.rect(this.left, this.y, this.width, height).fill(shade).fillColor('#000000');
			this.doc.font(font).fontSize(size);
			cells.forEach((cell, index) => {
				this.doc.text(cell, x + pad, this.y + pad, { width: widths[index] - 2 * pad, align: columns[index].align ?? 'left' });
				this.doc.rect(x, this.y, widths[index], height).lineWidth(0.4).strokeColor('#9aa5b5').stroke();
				x += widths[index];
			});
			this.y += height;
		};
		const header = columns.map((column) => column.header);
		const headerHeight = rowHeight(header, 'bold');
		this.ensure(headerHeight + rowHeight(rows[0], 'regular'));
		drawRow(header, 'bold', headerHeight, '#e8edf4');
		for (const row of rows) {
			const height = rowHeight(row, 'regular');
			if (this.y + height > this.bottom) {
				this.ensure(this.bottom);
				drawRow(header, 'bold', headerHeight, '#e8edf4');
			}
			drawRow(row, 'regular', height);
		}
		this.y += GAP;
	}

	/** Page numbers (and a line of text) at the foot of every page, once the page count is known. */
	footers(text: (page: number, pages: number) => string): void {
		const range = this.doc.bufferedPageRange();
		for (let index = 0; index < range.count; index++) {
			this.doc.switchToPage(range.start + index);
			this.doc.font('regular').fontSize(7).fillColor('#555555');
			// Writing below the bottom margin would make pdfkit add a page; lift the margin for this one line.
			const margin = this.doc.page.margins.bottom;
			this.doc.page.margins.bottom = 0;
			this.doc.text(text(index + 1, range.count), this.left, PAGE.height - PAGE.margin - 8, { width: this.width, align: 'center', lineBreak: false });
			this.doc.page.margins.bottom = margin;
		}
		this.doc.fillColor('#000000');
	}

	/** Ends the document and collects its bytes. */
	finish(): Promise<Buffer> {
		const chunks: Buffer[] = [];
		return new Promise((resolve, reject) => {
			this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
			this.doc.on('end', () => resolve(Buffer.concat(chunks)));
			this.doc.on('error', reject);
			this.doc.end();
		});
	}

	private field(label: string, value: string, x: number, width: number, y = this.y): void {
		this.doc.font('regular').fontSize(7).fillColor('#555555').text(label, x, y, { width });
		const valueY = this.doc.y;
		this.doc.font('regular').fontSize(8.5).fillColor('#000000').text(value, x, valueY, { width });
	}

	private fieldHeight(label: string, value: string, width: number): number {
		this.doc.font('regular').fontSize(7);
		const labelHeight = this.doc.heightOfString(label, { width });
		this.doc.fontSize(8.5);
		return labelHeight + this.doc.heightOfString(value, { width });
	}
}
