import QRCode from 'qrcode';
import type PDFDocument from 'pdfkit';

/**
 * Draws a QR code as vector squares (sharp at any zoom and print resolution, and smaller than an image). Error
 * correction M and the 4-module quiet zone, as ISO/IEC 18004 and the KSeF documentation (kody-qr.md) expect.
 */
export function drawQrCode(doc: PDFKit.PDFDocument | InstanceType<typeof PDFDocument>, text: string, x: number, y: number, size: number): void {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const quiet = 4;
	const cell = size / (modules.size + 2 * quiet);
	doc.save();
	doc.rect(x, y, size, size).fill('#ffffff');
	for (let row = 0; row < modules.size; row++) {
		for (let column = 0; column < modules.size; column++) {
			// Runs of dark modules in a row become one rectangle: fewer path operations, same picture.
			if (!modules.get(row, column)) continue;
			let end = column;
			while (end + 1 < modules.size && modules.get(row, end + 1)) end++;
			doc.rect(x + (quiet + column) * cell, y + (quiet + row) * cell, (end - column + 1) * cell, cell);
			column = end;
		}
	}
	doc.fill('#000000');
	doc.restore();
}
