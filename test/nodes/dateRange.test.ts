import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import { filtersFromParameters } from '../../nodes/shared/invoiceFilters';
import { resolveDateRange } from '../../src/invoices/dateWindows';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { toWarsawIso } from '../../src/util/warsawTime';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

const base = { subjectType: 'Subject1', dateType: 'PermanentStorage', filters: {} };

/** The `to` the client sends KSeF for the node's From/To parameters. */
function sentTo(from: unknown, to: unknown): string | undefined {
	const ctx = executeContext({ items: [{ json: {} }], parameters: { ...base, from, to }, credentials: {} });
	return resolveDateRange(filtersFromParameters(ctx, 0).dateRange).to?.text;
}

describe('To as a day means the whole day, in Polish time', () => {
	it.each([
		['month end', '2026-03-01', '2026-03-31', '2026-03-31T23:59:59.999+02:00'],
		['the day clocks go forward (23 hours)', '2026-03-01', '2026-03-29', '2026-03-29T23:59:59.999+02:00'],
		['the day before clocks go forward', '2026-03-01', '2026-03-28', '2026-03-28T23:59:59.999+01:00'],
		['the day clocks go back (25 hours)', '2026-10-01', '2026-10-25', '2026-10-25T23:59:59.999+01:00'],
		['year end', '2025-12-01', '2025-12-31', '2025-12-31T23:59:59.999+01:00'],
	])('%s: typed as a date', (_name, from, to, expected) => {
		expect(sentTo(from, to)).toBe(expected);
	});

	it('reads the date picker’s midnight without an offset as that day too', () => {
		expect(sentTo('2026-03-01T00:00:00', '2026-03-31T00:00:00')).toBe('2026-03-31T23:59:59.999+02:00');
		expect(sentTo('2026-03-01', '2026-03-31T00:00:00.000')).toBe('2026-03-31T23:59:59.999+02:00');
	});

	it('keeps a date-time, or midnight with an offset, as the exact instant', () => {
		expect(Date.parse(sentTo('2026-03-01', '2026-03-31T10:30:00') ?? '')).toBe(Date.parse('2026-03-31T10:30:00+02:00'));
		expect(Date.parse(sentTo('2026-03-01', '2026-03-31T00:00:00+02:00') ?? '')).toBe(Date.parse('2026-03-31T00:00:00+02:00'));
	});

	it('names a To before From before any request', () => {
		expect(() => sentTo('2026-03-31', '2026-03-30')).toThrow(KsefInputError);
		expect(() => sentTo('2026-03-31T12:00:00', '2026-03-31')).not.toThrow();
	});
});

describe('Query Invoices from today to today', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('finds the invoices stored today when From and To are both today’s date', async () => {
		const sent = await clientFor(sim).sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('DAY') }) }]);
		await new Promise((resolve) => setTimeout(resolve, 700));
		const today = toWarsawIso(Date.now()).slice(0, 10);
		const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		const parameters = { ...base, from: today, to: `${today}T00:00:00`, returnAll: true };
		const [found] = await new KsefQueryInvoices().execute.call(executeContext({ items: [{ json: {} }], parameters, credentials }));
		expect(found.map((item) => item.json.ksefNumber)).toEqual([sent[0].ksefNumber]);
	});
});
