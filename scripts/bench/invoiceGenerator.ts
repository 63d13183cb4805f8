/** N distinct, schema-valid FA(3) invoices, made on demand from the official sample (nothing is held in memory). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const template = readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'invoices', 'FA_3_Przyklad_1.xml'), 'utf8');
const [before, after] = template.split(/<P_2>[^<]*<\/P_2>/);

export function benchInvoice(runId: string, index: number): Buffer {
	return Buffer.from(`${before}<P_2>BENCH/${runId}/${index + 1}</P_2>${after}`, 'utf8');
}
