import type { INodeExecutionData } from 'n8n-workflow';
import { KsefDownload } from '../../nodes/KsefDownload/KsefDownload.node';
import { KsefQueryInvoices } from '../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import type { RangeCheckpoint } from '../../src';
import { warsawDayStartMs } from '../../src/util/warsawTime';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, raiseRateLimits, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

/** Long enough for the simulator's permanent storage and its HWM lag (500 ms) to pass. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 900));

/** What a builder keeps between runs (in a data table, a file, static data): only the checkpoint's two fields. */
interface Stored {
	nextFrom: string;
	deliveredAtNextFrom: string[];
}

describe('Include Checkpoint: a builder’s own incremental loop on Query Invoices and Export Invoices', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		// The suite runs far more often than a user would (PRD: 20 queries and 20 exports an hour); TEST lets tests raise that.
		await raiseRateLimits(clientFor(sim), ['invoiceMetadata', 'invoiceExport', 'invoiceSend', 'onlineSession']);
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	async function send(count: number, prefix = 'CP'): Promise<string[]> {
		const outcomes = await clientFor(sim).sendInvoices(
			Array.from({ length: count }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber(prefix) }) })),
			{ concurrency: 4 },
		);
		expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
		return outcomes.map((o) => o.ksefNumber as string);
	}

	const loopParameters = (from: string, extra: Record<string, unknown> = {}) => ({
		subjectType: 'Subject1',
		dateType: 'PermanentStorage',
		from,
		to: '',
		filters: { restrictToPermanentStorageHwmDate: true },
		returnAll: true,
		options: { includeCheckpoint: true },
		...extra,
	});
	const query = async (parameters: Record<string, unknown>): Promise<INodeExecutionData[]> =>
		(await new KsefQueryInvoices().execute.call(executeContext({ items: [{ json: {} }], parameters, credentials })))[0];
	const exportRun = async (parameters: Record<string, unknown>): Promise<INodeExecutionData[]> =>
		(
			await new KsefDownload().execute.call(
				executeContext({ items: [{ json: {} }], parameters: { operation: 'exportInvoices', binaryPropertyName: 'data', ...parameters }, credentials }),
			)
		)[0];
	const checkpointOf = (items: INodeExecutionData[]): RangeCheckpoint => items[0].json.checkpoint as unknown as RangeCheckpoint;

	/**
	 * One run of the loop as a builder wires it: From = the stored nextFrom, items whose KSeF number is in the stored
	 * deliveredAtNextFrom dropped (an IF node), the checkpoint of the output stored for next time.
	 */
	async function loopRun(stored: Stored, extra: Record<string, unknown> = {}): Promise<{ delivered: string[]; stored: Stored; checkpoint: RangeCheckpoint }> {
		const items = await query(loopParameters(stored.nextFrom, extra));
		const checkpoint = checkpointOf(items);
		expect(items.every((item) => item.json.checkpoint === items[0].json.checkpoint)).toBe(true);
		const delivered = items
			.filter((item) => item.json.invoiceCount !== 0)
			.map((item) => item.json.ksefNumber as string)
			.filter((ksefNumber) => !stored.deliveredAtNextFrom.includes(ksefNumber));
		if (checkpoint.nextFrom === null) throw new Error('a Permanent Storage checkpoint always has nextFrom');
		return { delivered, checkpoint, stored: JSON.parse(JSON.stringify({ nextFrom: checkpoint.nextFrom, deliveredAtNextFrom: checkpoint.deliveredAtNextFrom })) as Stored };
	}

	it('delivers every invoice exactly once across runs, with invoices added in between, one stored late, a truncated result and runs capped by Limit', async () => {
		const delivered: string[] = [];
		const sent: string[] = [];
		let stored: Stored = { nextFrom: new Date().toISOString(), deliveredAtNextFrom: [] };
		const run = async (extra: Record<string, unknown> = {}) => {
			const result = await loopRun(stored, extra);
			delivered.push(...result.delivered);
			stored = result.stored;
			return result;
		};

		// Nothing yet (From is past what KSeF has finished storing): one item with the checkpoint, not an error, not nothing.
		const empty = await query(loopParameters(stored.nextFrom));
		expect(empty).toEqual([{ json: { invoiceCount: 0, checkpoint: expect.objectContaining({ isTruncated: false, nextFrom: expect.any(String) }) }, pairedItem: { item: 0 } }]);
		await run();

		sent.push(...(await send(5)));
		await settle();
		const first = await run();
		expect(new Set(first.delivered)).toEqual(new Set(sent));
		expect(first.checkpoint.permanentStorageHwmDate).toEqual(expect.any(String));
		expect(first.checkpoint.nextFrom).toBe(first.checkpoint.permanentStorageHwmDate);

		// An invoice KSeF stores late: it has its storage date but is not visible for 3 s, and two later ones are.
		const [late] = await send(1, 'CL');
		const record = Object.values(sim.simulator.state.invoices).find((r) => r.ksefNumber === late);
		if (!record) throw new Error('sent invoice not in the simulator');
		record.finalAtMs = Date.now() + 3_000;
		const later = await send(2);
		sent.push(late, ...later);
		await settle();
		// "Everything since the last invoice I saw" would deliver the later two now and skip the late one for ever.
		const early = await run();
		expect(early.delivered).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const afterLate = await run();
		expect(afterLate.delivered[0]).toBe(late);
		expect(new Set(afterLate.delivered)).toEqual(new Set([late, ...later]));

		// A result KSeF truncates (cap 10 here, 10,000 on KSeF) is continued from its last date within the run.
		const { limits } = sim.simulator.options;
		limits.maxQueryResults = 10;
		try {
			const backlog = await send(24);
			sent.push(...backlog);
			await settle();
			const all = await run();
			expect(new Set(all.delivered)).toEqual(new Set(backlog));
			expect(all.checkpoint.isTruncated).toBe(false);

			// Runs capped by Limit: each checkpoint stops exactly after what it output, never skipping the rest.
			const capped = await send(17);
			sent.push(...capped);
			await settle();
			const runs: RangeCheckpoint[] = [];
			for (let i = 0; i < 6 && !runs.some((c) => !c.isTruncated); i++) runs.push((await run({ returnAll: false, limit: 7 })).checkpoint);
			expect(runs.map((c) => c.isTruncated)).toEqual([true, true, false]);
		} finally {
			limits.maxQueryResults = 10_000;
		}

		const quiet = await run();
		expect(quiet.delivered).toEqual([]);
		expect(delivered).toHaveLength(new Set(delivered).size);
		expect(new Set(delivered)).toEqual(new Set(sent));
	});

	it('with Limit, the checkpoint reflects only the invoices output: nextFrom is the last one’s storage date', async () => {
		const from = new Date().toISOString();
		const sent = await send(6, 'CM');
		await settle();
		const three = await query(loopParameters(from, { returnAll: false, limit: 3 }));
		expect(three).toHaveLength(3);
		const checkpoint = checkpointOf(three);
		expect(checkpoint).toMatchObject({ dateType: 'PermanentStorage', isTruncated: true, nextFrom: three[2].json.permanentStorageDate });
		expect(checkpoint.deliveredAtNextFrom).toContain(three[2].json.ksefNumber);

		// Exactly as many as there are: nothing was cut, so the next run starts at the HWM.
		const six = await query(loopParameters(from, { returnAll: false, limit: 6 }));
		expect(new Set(six.map((item) => item.json.ksefNumber))).toEqual(new Set(sent));
		expect(checkpointOf(six)).toMatchObject({ isTruncated: false, nextFrom: checkpointOf(six).permanentStorageHwmDate });

		// The option off leaves the output as it was: no checkpoint, and no item for an empty result.
		const off = await query({ ...loopParameters(from, { returnAll: false, limit: 6 }), options: {} });
		expect(off.map((item) => item.json.ksefNumber)).toEqual(six.map((item) => item.json.ksefNumber));
		expect(off.some((item) => 'checkpoint' in item.json)).toBe(false);
		expect(await query({ ...loopParameters(new Date(Date.now() + 3_600_000).toISOString()), filters: {}, options: {} })).toEqual([]);
	});

	it('by Issue date: nextFrom only when Limit cut the output, then at the last invoice’s day', async () => {
		await send(3, 'CI');
		await settle();
		// The day the test invoices carry as P_1 (the official sample's).
		const day = '2026-02-15';
		const parameters = { ...loopParameters(day), dateType: 'Issue', to: day, filters: {} };
		const cut = await query({ ...parameters, returnAll: false, limit: 2 });
		expect(checkpointOf(cut)).toMatchObject({ dateType: 'Issue', permanentStorageHwmDate: null, isTruncated: true });
		// The start of that day in Polish time, as a date-time From accepts; the invoices output on that day are listed.
		expect(Date.parse(String(checkpointOf(cut).nextFrom))).toBe(warsawDayStartMs(String(cut[1].json.issueDate)));
		expect(checkpointOf(cut).deliveredAtNextFrom).toEqual(cut.filter((item) => item.json.issueDate === cut[1].json.issueDate).map((item) => item.json.ksefNumber));
		expect(checkpointOf(await query(parameters))).toMatchObject({ isTruncated: false, nextFrom: null, deliveredAtNextFrom: [] });
	});

	it('Export Invoices: every item carries the checkpoint; the next export from nextFrom has just the new invoices; a quiet one gives the single item', async () => {
		const from = new Date().toISOString();
		const sent = await send(3, 'CE');
		await settle();
		const parameters = (start: string) => ({ ...loopParameters(start), options: { includeCheckpoint: true, parseJson: false } });
		const first = await exportRun(parameters(from));
		expect(new Set(first.map((item) => item.json.ksefNumber))).toEqual(new Set(sent));
		expect(first.every((item) => item.binary?.data)).toBe(true);
		const checkpoint = checkpointOf(first);
		expect(checkpoint).toMatchObject({ dateType: 'PermanentStorage', isTruncated: false, nextFrom: checkpoint.permanentStorageHwmDate });
		const lastStored = Math.max(...first.map((item) => Date.parse((item.json.metadata as { permanentStorageDate: string }).permanentStorageDate)));
		expect(Date.parse(String(checkpoint.nextFrom))).toBeGreaterThanOrEqual(lastStored);

		const more = await send(2, 'CE');
		await settle();
		const second = await exportRun(parameters(String(checkpoint.nextFrom)));
		const fresh = second.map((item) => item.json.ksefNumber).filter((n) => !checkpoint.deliveredAtNextFrom.includes(String(n)));
		expect(new Set(fresh)).toEqual(new Set(more));

		const quiet = await exportRun(parameters(String(checkpointOf(second).nextFrom)));
		expect(quiet).toEqual([{ json: { invoiceCount: 0, checkpoint: expect.objectContaining({ isTruncated: false }) }, pairedItem: { item: 0 } }]);
	});
});
