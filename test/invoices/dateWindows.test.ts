import { dateWindows, windowEndMs } from '../../src/invoices/dateWindows';
import { EmittedBoundary } from '../../src/invoices/emittedBoundary';
import { addMonths } from '../simulator/reading/dates';

describe('date windows', () => {
	it('never exceed 3 calendar months, not even from 31 January (to 30 April is only 89 days)', () => {
		for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 5 * 3_600_000) {
			const limit = Math.min(addMonths(t, 3, 'UTC'), addMonths(t, 3, 'Warsaw'));
			expect(windowEndMs(t, 90)).toBeLessThanOrEqual(limit);
		}
	});

	it('cover the range edge to edge, sharing only their boundary instants', () => {
		const windows = [...dateWindows({ dateType: 'Invoicing', from: '2026-01-01T00:00:00+01:00', to: '2026-12-31T00:00:00+01:00' }, 90)];
		expect(windows[0].from.text).toBe('2026-01-01T00:00:00+01:00');
		expect(windows.at(-1)?.to).toBe('2026-12-31T00:00:00+01:00');
		for (let i = 1; i < windows.length; i++) expect(windows[i].from.text).toBe(windows[i - 1].to);
	});

	it('send bare days as Warsaw date-times, a bare To day meaning the end of that day', () => {
		const [window] = [...dateWindows({ dateType: 'Issue', from: '2026-07-01', to: '2026-07-31' })];
		expect(window.from.text).toBe('2026-07-01T00:00:00.000+02:00');
		expect(window.to).toBe('2026-07-31T23:59:59.999+02:00');
	});
});

describe('the emitted boundary', () => {
	it('drops repeats at the latest instant and anything older, and forgets the rest', () => {
		const boundary = new EmittedBoundary();
		expect(boundary.accept('A', 1)).toBe(true);
		expect(boundary.accept('B', 2)).toBe(true);
		expect(boundary.accept('C', 2)).toBe(true);
		expect(boundary.accept('B', 2)).toBe(false);
		expect(boundary.accept('A', 1)).toBe(false);
		expect(boundary.accept('D', 3)).toBe(true);
		expect(boundary.lastMs).toBe(3);
	});
});
