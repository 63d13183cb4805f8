import type { InvoiceMetadata, InvoiceQueryFilters } from '../../src';
import { CheckpointTracker } from '../../src';

/** The fields a checkpoint reads; the rest of the metadata plays no part. */
const invoice = (ksefNumber: string, permanentStorageDate: string, issueDate = '2026-03-02'): InvoiceMetadata =>
	({ ksefNumber, permanentStorageDate, invoicingDate: permanentStorageDate, issueDate }) as InvoiceMetadata;

const storageRange = (restrict: boolean): InvoiceQueryFilters['dateRange'] => ({
	dateType: 'PermanentStorage',
	from: '2026-03-02T10:00:00.000+01:00',
	restrictToPermanentStorageHwmDate: restrict || undefined,
});

function track(range: InvoiceQueryFilters['dateRange'], delivered: InvoiceMetadata[], hwm?: string, stoppedEarly = false): CheckpointTracker {
	const tracker = new CheckpointTracker(range);
	tracker.reportHwm(hwm);
	for (const item of delivered) tracker.deliver(item);
	if (stoppedEarly) tracker.stopEarly();
	return tracker;
}

const A = invoice('A', '2026-03-02T10:00:01.000+01:00');
const B = invoice('B', '2026-03-02T10:00:02.000+01:00');
const C = invoice('C', '2026-03-02T10:00:02.000+01:00');
const D = invoice('D', '2026-03-02T10:00:05.000+01:00');
const HWM = '2026-03-02T10:00:03.000+01:00';

describe('the checkpoint of a query or export run', () => {
	it('restricted to the HWM and complete: the next run starts at the HWM with nothing to skip', () => {
		expect(track(storageRange(true), [A, B, C], HWM).result()).toEqual({
			dateType: 'PermanentStorage',
			permanentStorageHwmDate: HWM,
			isTruncated: false,
			nextFrom: HWM,
			deliveredAtNextFrom: [],
		});
	});

	it('cut by a limit: at the last invoice output, listing every one output at that instant', () => {
		expect(track(storageRange(true), [A, B, C], HWM, true).result()).toMatchObject({ isTruncated: true, nextFrom: B.permanentStorageDate, deliveredAtNextFrom: ['B', 'C'] });
	});

	it('an invoice stored exactly at the HWM is listed, not delivered again', () => {
		const atHwm = invoice('H', HWM);
		expect(track(storageRange(true), [A, atHwm], HWM).result()).toMatchObject({ nextFrom: HWM, deliveredAtNextFrom: ['H'] });
	});

	it('not restricted: output past the HWM may be joined by invoices stored late, so the next run starts at the HWM and skips it', () => {
		expect(track(storageRange(false), [A, B, D], HWM).result()).toMatchObject({ nextFrom: HWM, deliveredAtNextFrom: ['D'] });
		// Cut past the HWM too: still at the HWM, never at the last invoice.
		expect(track(storageRange(false), [A, B, D], HWM, true).result()).toMatchObject({ isTruncated: true, nextFrom: HWM, deliveredAtNextFrom: ['D'] });
		// A range starting after the HWM: from its own start, everything output listed.
		const late = { ...storageRange(false), from: '2026-03-02T10:00:04.000+01:00' };
		expect(track(late, [D], HWM).result()).toMatchObject({ nextFrom: late.from, deliveredAtNextFrom: ['D'] });
	});

	it('never past an invoice KSeF listed but the run left out', () => {
		const tracker = track(storageRange(true), [A, C], HWM);
		tracker.leaveOut(B);
		expect(tracker.result()).toMatchObject({ nextFrom: B.permanentStorageDate, deliveredAtNextFrom: ['C'] });
	});

	it('a run that found nothing (or started past the HWM): the range start, or the HWM when KSeF reported one', () => {
		expect(track(storageRange(true), []).result()).toMatchObject({ permanentStorageHwmDate: null, nextFrom: storageRange(true).from, deliveredAtNextFrom: [] });
		expect(track(storageRange(true), [], HWM).result()).toMatchObject({ nextFrom: HWM });
	});

	it('by Issue or Invoicing date: no nextFrom unless the output was cut, then at the last invoice’s date', () => {
		const issue: InvoiceQueryFilters['dateRange'] = { dateType: 'Issue', from: '2026-03-01' };
		expect(track(issue, [A, B]).result()).toEqual({ dateType: 'Issue', permanentStorageHwmDate: null, isTruncated: false, nextFrom: null, deliveredAtNextFrom: [] });
		const other = invoice('E', '2026-03-03T09:00:00.000+01:00', '2026-03-03');
		// Issue dates are days: the start of that day in Polish time, every invoice output on that day listed.
		expect(track(issue, [A, B, other], undefined, true).result()).toMatchObject({ isTruncated: true, nextFrom: '2026-03-03T00:00:00.000+01:00', deliveredAtNextFrom: ['E'] });
		expect(track(issue, [A, B], undefined, true).result()).toMatchObject({ nextFrom: '2026-03-02T00:00:00.000+01:00', deliveredAtNextFrom: ['A', 'B'] });
	});
});
