import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';

/**
 * Reading back the PDFs the package renders with tools that share nothing with it: poppler's pdftotext and
 * pdftoppm (scripts/ensure-test-tools.sh installs them) and the jsQR decoder.
 */
function withPdfFile<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
	const dir = mkdtempSync(join(tmpdir(), 'ksef-pdf-'));
	try {
		const file = join(dir, 'document.pdf');
		writeFileSync(file, pdf);
		return use(file, dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The PDF's text in reading order, whitespace collapsed to single spaces. */
export function pdfText(pdf: Buffer): string {
	return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).replace(/\s+/g, ' ');
}

export function pdfPageCount(pdf: Buffer): number {
	const info = withPdfFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
	return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

export interface GrayImage {
	width: number;
	height: number;
	pixels: Buffer;
}

/** One page rasterised to 8-bit grey (pdftoppm's PGM), at `dpi`. */
export function rasterisePage(pdf: Buffer, page: number, dpi = 150): GrayImage {
	const pgm = withPdfFile(pdf, (file, dir) => {
		execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
		return readFileSync(join(dir, 'page.pgm'));
	});
	// P5 header: magic, width, height, maxval, each separated by whitespace, then the raw bytes.
	const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
	if (!header) throw new Error('pdftoppm did not produce a PGM image');
	const [whole, width, height] = header;
	return { width: Number(width), height: Number(height), pixels: pgm.subarray(whole.length) };
}

/** Decodes the QR code inside a region of the page given in PDF points (72 per inch), or undefined. */
export function decodeQr(image: GrayImage, region: { x: number; y: number; width: number; height: number }, dpi = 150): string | undefined {
	const scale = dpi / 72;
	const left = Math.max(0, Math.floor(region.x * scale));
	const top = Math.max(0, Math.floor(region.y * scale));
	const width = Math.min(image.width - left, Math.ceil(region.width * scale));
	const height = Math.min(image.height - top, Math.ceil(region.height * scale));
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let row = 0; row < height; row++) {
		for (let column = 0; column < width; column++) {
			const value = image.pixels[(top + row) * image.width + left + column];
			const at = (row * width + column) * 4;
			rgba[at] = rgba[at + 1] = rgba[at + 2] = value;
			rgba[at + 3] = 255;
		}
	}
	return jsQR(rgba, width, height)?.data;
}

/** A page as a PNG file (for the README), at a low resolution to keep the file small. */
export function writePagePng(pdf: Buffer, page: number, target: string, dpi = 60): void {
	withPdfFile(pdf, (file, dir) => {
		execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
		writeFileSync(target, readFileSync(join(dir, 'page.png')));
	});
}
