import { createHash } from 'node:crypto';
import { entryName, type BatchInvoice } from '../../src';

/** Invoices as Batch Send plans them: name in the ZIP, size, hash, and a reader. */
export function batchOf(xmls: Buffer[]): BatchInvoice[] {
	return xmls.map((xml, index) => ({
		index,
		fileName: entryName(index, `inv-${index}`),
		size: xml.length,
		invoiceHash: createHash('sha256').update(xml).digest('base64'),
		read: async () => xml,
	}));
}
