import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_STATUS_CODES, explainException, explainStatus, type CodeContext } from '../../../src/errors/codes';

const openApiText = readFileSync(join(__dirname, '..', '..', 'fixtures', 'ksef', 'openapi.json'), 'utf8');
// Exception codes appear in the operations' descriptions as markdown table rows: "| 21405 | Błąd walidacji … |".
const specExceptionCodes = [...new Set([...openApiText.matchAll(/\|\s*(2\d{4})\s*\|/g)].map((match) => Number(match[1])))];
const contexts = Object.keys(DOCUMENTED_STATUS_CODES) as CodeContext[];

describe('status code table', () => {
	it.each(contexts)('explains every %s status code the spec lists', (context) => {
		for (const code of DOCUMENTED_STATUS_CODES[context]) {
			const advice = explainStatus(code, context);
			expect({ code, meaning: advice?.meaning, whatToDo: advice?.whatToDo }).toEqual({ code, meaning: expect.any(String), whatToDo: expect.any(String) });
		}
	});

	it('explains every code in the guide’s list (100–550)', () => {
		for (const code of [100, 150, 170, 200, 210, 400, 405, 410, 415, 420, 425, 430, 435, 440, 441, 445, 450, 460, 470, 480, 500, 550]) {
			expect(explainStatus(code)).toBeDefined();
		}
	});

	it('sends invoices with an attachment refused online (415) to Batch Send', () => {
		expect(explainStatus(415, 'invoice')?.meaning).toMatch(/Zalacznik/);
		expect(explainStatus(415, 'invoice')?.whatToDo).toMatch(/Batch Send/);
	});

	it('tells a duplicate (440) not to be resent and where its KSeF number is', () => {
		const duplicate = explainStatus(440, 'invoice');
		expect(duplicate).toMatchObject({ retryable: false, final: true });
		expect(duplicate?.meaning).toMatch(/originalKsefNumber/);
	});

	it('reads the same code differently per context', () => {
		expect(explainStatus(440, 'session')?.meaning).toMatch(/cancelled/);
		expect(explainStatus(450, 'auth')?.meaning).toMatch(/token/);
		expect(explainStatus(420, 'export')?.meaning).toMatch(/permanentStorageHwmDate/);
	});

	it('marks in-progress codes as not final and system cancellations (550) as retryable', () => {
		for (const code of [100, 150]) expect(explainStatus(code, 'invoice')?.final).toBe(false);
		expect(explainStatus(170, 'session')?.final).toBe(false);
		expect(explainStatus(550, 'invoice')).toMatchObject({ retryable: true, final: true });
		expect(explainStatus(200, 'invoice')).toMatchObject({ retryable: false, final: true });
	});

	it('knows nothing of codes KSeF does not document', () => {
		expect(explainStatus(999)).toBeUndefined();
	});
});

describe('exception code table', () => {
	it('found the exception codes in the spec', () => {
		expect(specExceptionCodes.length).toBeGreaterThan(30);
	});

	it.each(specExceptionCodes)('explains exception %i', (code) => {
		expect(explainException(code)).toEqual({ meaning: expect.any(String), whatToDo: expect.any(String), retryable: expect.any(Boolean), final: true });
	});

	it('marks "not yet available" (21165) as worth retrying and a schema error (21401) as not', () => {
		expect(explainException(21165)?.retryable).toBe(true);
		expect(explainException(21401)?.retryable).toBe(false);
	});
});
