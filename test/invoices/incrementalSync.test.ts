import { newCursor, readCursor, type KsefClient, type SyncCursor, type SyncOptions, type SyncPoll } from '../../src';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, raiseRateLimits, startSimulator } from '../support/simulatorClient';

/** Long enough for the simulator's permanent storage and its HWM lag (500 ms) to pass. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 900));

describe('incremental sync (HWM cursor) against the simulator', () => {
	let sim: RunningSimulator;

	beforeAll(async () => {
		sim = await startSimulator();
		// The suite polls far more often than a user would (PRD: 20 queries an hour); TEST lets tests raise that.
		await raiseRateLimits(clientFor(sim), ['invoiceMetadata', 'invoiceDownload', 'invoiceExport', 'invoiceSend', 'onlineSession']);
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	/** A fresh client for every poll, as after a restart; 429s are reported at once instead of waited out. */
	const client = (): KsefClient => clientFor(sim, { retry: { maxAttempts: 1 } });

	async function send(count: number): Promise<string[]> {
		const outcomes = await clientFor(sim).sendInvoices(
			Array.from({ length: count }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('S') }) })),
			{ concurrency: 4 },
		);
		expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
		return outcomes.map((o) => o.ksefNumber as string);
	}

	/** One poll with the cursor stored as JSON in between, as n8n's static data keeps it. */
	async function poll(stored: string, options: SyncOptions = {}): Promise<{ result: SyncPoll; stored: string }> {
		const cursor = readCursor(JSON.parse(stored), 'Subject1');
		if (!cursor) throw new Error('cursor lost');
		const result = await client().pollNewInvoices(cursor, options);
		return { result, stored: JSON.stringify(result.cursor) };
	}

	const numbers = (result: SyncPoll) => result.invoices.map((i) => i.metadata.ksefNumber);
	const storageOrdered = (result: SyncPoll) => {
		const ms = result.invoices.map((i) => Date.parse(i.metadata.permanentStorageDate));
		return ms.every((value, index) => index === 0 || ms[index - 1] <= value);
	};
	const startNow = (): string => JSON.stringify(newCursor('Subject1', Date.now()));

	it('emits every invoice once across consecutive polls and restarts, oldest first; a quiet poll emits nothing', async () => {
		let stored = startNow();
		({ stored } = await poll(stored));
		const first = await send(5);
		await settle();
		const poll1 = await poll(stored);
		expect(new Set(numbers(poll1.result))).toEqual(new Set(first));
		expect(storageOrdered(poll1.result)).toBe(true);
		expect(poll1.result.permanentStorageHwmDate).toBeDefined();

		const quiet = await poll(poll1.stored);
		expect(quiet.result.invoices).toEqual([]);

		const second = await send(3);
		await settle();
		const poll2 = await poll(quiet.stored);
		expect(new Set(numbers(poll2.result))).toEqual(new Set(second));
		const again = await poll(poll2.stored);
		expect(again.result.invoices).toEqual([]);
	});

	it('does not miss an invoice KSeF stores late: the cursor waits at the HWM until it is final', async () => {
		let stored = startNow();
		({ stored } = await poll(stored));
		const [late] = await send(1);
		// KSeF has given the invoice its storage date but does not show it yet (stored late): hide it for 3 s.
		const record = Object.values(sim.simulator.state.invoices).find((r) => r.ksefNumber === late);
		if (!record) throw new Error('sent invoice not in the simulator');
		record.finalAtMs = Date.now() + 3_000;
		const later = await send(2);
		await settle();

		const early = await poll(stored);
		// A "since the last one seen" cursor would emit the later two now and skip the late one for ever.
		expect(numbers(early.result)).not.toContain(late);
		expect(numbers(early.result)).toEqual([]);

		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const after = await poll(early.stored);
		expect(numbers(after.result)[0]).toBe(late);
		expect(new Set(numbers(after.result))).toEqual(new Set([late, ...later]));
		expect(storageOrdered(after.result)).toBe(true);
	});

	it('continues a truncated result from its last date and across polls capped by Max Invoices, each invoice once', async () => {
		const stored = startNow();
		await poll(stored);
		const sent = await send(24);
		await settle();
		const { limits } = sim.simulator.options;
		limits.maxQueryResults = 10;
		try {
			const all = await poll(stored, { pageSize: 10 });
			expect(all.result.invoices).toHaveLength(24);
			expect(new Set(numbers(all.result))).toEqual(new Set(sent));
			expect(storageOrdered(all.result)).toBe(true);

			// The same backlog seven at a time: each poll moves the cursor exactly past what it delivered.
			let cursor = stored;
			const delivered: string[] = [];
			for (let i = 0; i < 5; i++) {
				const step = await poll(cursor, { pageSize: 10, maxInvoices: 7 });
				delivered.push(...numbers(step.result));
				cursor = step.stored;
			}
			expect(delivered).toEqual(numbers(all.result));
		} finally {
			limits.maxQueryResults = 10_000;
		}
	});

	it('fetches the XML of a few invoices one by one and of many through one export', async () => {
		const stored = startNow();
		await poll(stored);
		const sent = await send(6);
		await settle();

		const before = sim.simulator.requestLog.length;
		const few = await poll(stored, { includeXml: true, singleDownloadMax: 10 });
		expect(few.result.invoices).toHaveLength(6);
		expect(few.result.invoices.every((i) => i.xml && i.xml.toString('utf8').includes('<Faktura'))).toBe(true);
		expect(callsSince(sim, before).filter((c) => c === 'GET /invoices/ksef/{ksefNumber}')).toHaveLength(6);

		const mid = sim.simulator.requestLog.length;
		const many = await poll(stored, { includeXml: true, singleDownloadMax: 2 });
		expect(new Set(numbers(many.result))).toEqual(new Set(sent));
		expect(many.result.invoices.every((i) => i.xml && i.xml.length > 0)).toBe(true);
		const calls = callsSince(sim, mid);
		expect(calls.filter((c) => c === 'POST /invoices/exports')).toHaveLength(1);
		expect(calls).not.toContain('GET /invoices/ksef/{ksefNumber}');
		// Everything up to the HWM went out, so the cursor moved to the HWM, past the last invoice.
		const last = many.result.invoices[many.result.invoices.length - 1].metadata.permanentStorageDate;
		expect(Date.parse((JSON.parse(many.stored) as SyncCursor).from)).toBeGreaterThanOrEqual(Date.parse(last));
	});

	it('on a 429 mid-poll emits what it has, keeps the cursor before the rest, and the next poll delivers them', async () => {
		const stored = startNow();
		await poll(stored);
		const sent = await send(6);
		await settle();
		const faults = sim.simulator.options.faults;
		faults.push({ match: { method: 'GET', path: '/invoices/ksef/{ksefNumber}' }, fault: { kind: 'status', status: 429, retryAfterSeconds: 3600 }, skip: 2, times: 1 });
		try {
			const limited = await poll(stored, { includeXml: true, singleDownloadMax: 10 });
			expect(limited.result.stoppedBy).toBe('rateLimit');
			expect(limited.result.invoices).toHaveLength(2);
			const cursor = JSON.parse(limited.stored) as SyncCursor;
			expect(cursor.from).toBe(limited.result.invoices[1].metadata.permanentStorageDate);

			const rest = await poll(limited.stored, { includeXml: true, singleDownloadMax: 10 });
			expect(rest.result.stoppedBy).toBeUndefined();
			expect([...numbers(limited.result), ...numbers(rest.result)].sort()).toEqual([...sent].sort());
		} finally {
			// Spent rules stay in place (the injector counts matches by rule index); they match nothing more.
		}
	});

	it('a 429 on the metadata query returns nothing and leaves the cursor where it was', async () => {
		const stored = startNow();
		await poll(stored);
		await send(1);
		await settle();
		const faults = sim.simulator.options.faults;
		faults.push({ match: { method: 'POST', path: '/invoices/query/metadata' }, fault: { kind: 'status', status: 429, retryAfterSeconds: 3600 }, times: 1 });
		try {
			const limited = await poll(stored);
			expect(limited.result).toMatchObject({ invoices: [], stoppedBy: 'rateLimit' });
			expect(limited.stored).toBe(stored);
			expect((await poll(limited.stored)).result.invoices).toHaveLength(1);
		} finally {
			// Spent rules stay in place (the injector counts matches by rule index); they match nothing more.
		}
	});

	it('reads back only a cursor of its own shape and subject type', () => {
		const cursor = newCursor('Subject2', Date.parse('2026-03-01T00:00:00Z'));
		expect(readCursor(JSON.parse(JSON.stringify(cursor)), 'Subject2')).toEqual(cursor);
		expect(readCursor(cursor, 'Subject1')).toBeUndefined();
		expect(readCursor({ ...cursor, from: 'yesterday' }, 'Subject2')).toBeUndefined();
		expect(readCursor(undefined, 'Subject2')).toBeUndefined();
	});
});

describe('a backlog at PRD’s rate limits', () => {
	let sim: RunningSimulator;

	beforeAll(async () => {
		sim = await startSimulator();
		// Only sending is raised, to seed the backlog quickly; reading keeps PRD's 20 queries, 20 exports and 64 downloads an hour.
		await raiseRateLimits(clientFor(sim), ['invoiceSend', 'onlineSession']);
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('delivers more invoices than an hour of downloads allows, across truncated packages, in one poll and without a 429', async () => {
		const cursor = newCursor('Subject1', Date.now() - 1_000);
		const outcomes = await clientFor(sim).sendInvoices(
			Array.from({ length: 80 }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('B') }) })),
			{ concurrency: 4 },
		);
		expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
		await settle();
		// Query results and export packages are cut at 30 here (KSeF: 10,000), so both continue from their last date.
		sim.simulator.options.limits.maxQueryResults = 30;
		const before = sim.simulator.requestLog.length;
		const result = await clientFor(sim, { retry: { maxAttempts: 1 } }).pollNewInvoices(cursor, { includeXml: true });
		const log = sim.simulator.requestLog.slice(before);
		expect(log.filter((r) => r.status === 429)).toEqual([]);
		expect(result.stoppedBy).toBeUndefined();
		expect(result.invoices.map((i) => i.metadata.ksefNumber).sort()).toEqual(outcomes.map((o) => o.ksefNumber).sort());
		expect(result.invoices.every((i) => i.xml && i.xml.length > 0)).toBe(true);
		expect(log.filter((r) => r.template === '/invoices/ksef/{ksefNumber}')).toEqual([]);
		expect(log.filter((r) => r.method === 'POST' && r.template === '/invoices/exports').length).toBeGreaterThanOrEqual(3);

		const quiet = await clientFor(sim, { retry: { maxAttempts: 1 } }).pollNewInvoices(result.cursor, { includeXml: true });
		expect(quiet).toMatchObject({ invoices: [], stoppedBy: undefined });
	});
});
