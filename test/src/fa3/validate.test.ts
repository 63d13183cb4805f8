import { readdirSync } from 'node:fs';
import { validateFa3, validateFa3Many } from '../../../src/fa3/validate';
import { INVOICE_FIXTURES, sampleInvoice } from '../../support/invoices';

const samples = readdirSync(INVOICE_FIXTURES).filter((name) => name.endsWith('.xml'));
const good = sampleInvoice('FA_3_Przyklad_1.xml');

function mutate(replace: (xml: string) => string): Buffer {
	return Buffer.from(replace(good.toString('utf8')));
}

describe('FA(3) schema validation', () => {
	it('passes every official sample, attachments included', async () => {
		const results = await validateFa3Many(samples.map((name) => sampleInvoice(name)));
		expect(results.map((result, index) => [samples[index], result.valid])).toEqual(samples.map((name) => [name, true]));
	});

	it('names the element and line of an invalid value', async () => {
		const result = await validateFa3(mutate((xml) => xml.replace(/<P_1>[^<]*<\/P_1>/, '<P_1>15.02.2026</P_1>')));
		expect(result).toEqual({
			valid: false,
			errors: [{ line: expect.any(Number), element: 'P_1', message: expect.stringMatching(/^Element 'P_1': '15.02.2026' is not a valid value/) }],
		});
	});

	it('says which element was expected when one is missing', async () => {
		const result = await validateFa3(mutate((xml) => xml.replace(/<P_2>[^<]*<\/P_2>/, '')));
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.errors[0].message).toMatch(/Expected is \( P_2 \)/);
	});

	it('reports a broken fixed attribute of KodFormularza', async () => {
		const result = await validateFa3(mutate((xml) => xml.replace('kodSystemowy="FA (3)"', 'kodSystemowy="FA (2)"')));
		expect(result.valid).toBe(false);
		if (!result.valid) expect(result.errors[0]).toMatchObject({ element: 'KodFormularza', message: expect.stringMatching(/fixed value constraint 'FA \(3\)'/) });
	});

	it('accepts a string as well as a Buffer', async () => {
		await expect(validateFa3(good.toString('utf8'))).resolves.toEqual({ valid: true });
	});
});

describe('validating many invoices in one xmllint run', () => {
	it('attributes each problem to its own document, even a document that is not XML', async () => {
		const badDate = mutate((xml) => xml.replace(/<P_1>[^<]*<\/P_1>/, '<P_1>x</P_1>'));
		const results = await validateFa3Many([good, badDate, '{"json": true}', good, '']);
		expect(results.map((result) => result.valid)).toEqual([true, false, false, true, false]);
		const [, dateResult, jsonResult, , emptyResult] = results;
		if (!dateResult.valid) expect(dateResult.errors.map((error) => error.element)).toEqual(['P_1']);
		if (!jsonResult.valid) expect(jsonResult.errors).toEqual([{ line: 1, element: undefined, message: expect.stringMatching(/^Not well-formed XML: Start tag expected/) }]);
		if (!emptyResult.valid) expect(emptyResult.errors[0].message).toMatch(/Document is empty/);
	});

	it('returns nothing for no documents', async () => {
		await expect(validateFa3Many([])).resolves.toEqual([]);
	});

	it('is much faster per invoice than validating one at a time', async () => {
		const started = performance.now();
		await validateFa3(good);
		const single = performance.now() - started;
		const bulkStarted = performance.now();
		const results = await validateFa3Many(Array.from({ length: 50 }, () => good));
		const bulk = performance.now() - bulkStarted;
		console.log(`FA(3) validation: one invoice ${single.toFixed(0)} ms; 50 invoices in one run ${bulk.toFixed(0)} ms`);
		expect(results.every((result) => result.valid)).toBe(true);
		expect(bulk).toBeLessThan(single * 10);
	});
});
