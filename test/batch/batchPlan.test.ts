import { readFileSync } from 'node:fs';
import { planBatches, type BatchInvoice } from '../../src/batch/batchPlan';
import { BATCH_LIMITS } from '../../src/batch/sendBatch';
import { OPENAPI_PATH } from '../simulator/openapi';

const invoice = (index: number, size: number): BatchInvoice => ({
	index,
	fileName: `${String(index).padStart(6, '0')}.xml`,
	size,
	invoiceHash: '',
	read: () => Promise.resolve(Buffer.alloc(0)),
});

describe('Batch session planning within the documented limits', () => {
	it('puts at most 10,000 invoices in a session when the context limits cannot be read (limity/limity.md)', () => {
		const groups = planBatches(Array.from({ length: 10_001 }, (_, i) => invoice(i, 100)), BATCH_LIMITS);
		expect(groups.map((group) => group.length)).toEqual([10_000, 1]);
	});

	it('keeps each ZIP within the spec’s BatchFileInfo.fileSize maximum, even where parts would allow more', () => {
		const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: { BatchFileInfo: { properties: { fileSize: { maximum: number } } } } } };
		const maximum = spec.components.schemas.BatchFileInfo.properties.fileSize.maximum;
		expect(BATCH_LIMITS.maxZipBytes).toBe(maximum);
		// 60 parts of 100 MB would hold 6 GB; the file itself may not exceed 5,000,000,000 bytes.
		const groups = planBatches(Array.from({ length: 51 }, (_, i) => invoice(i, 99_000_000)), { ...BATCH_LIMITS, maxParts: 60 });
		expect(groups.map((group) => group.length)).toEqual([50, 1]);
		for (const group of groups) expect(group.reduce((sum, item) => sum + item.size, 0)).toBeLessThanOrEqual(maximum);
	});
});
