import { createHash } from 'node:crypto';
import { entryName, type BatchInvoice } from '../../src';
import { ksefNumberProblem } from '../../src/domain/ksefNumber';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { defaultOptions } from '../simulator/options';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, sampleInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

function batchOf(xmls: Buffer[]): BatchInvoice[] {
	return xmls.map((xml, index) => ({
		index,
		fileName: entryName(index, `inv-${index}`),
		size: xml.length,
		invoiceHash: createHash('sha256').update(xml).digest('base64'),
		read: async () => xml,
	}));
}
const invoices = (n: number, prefix = 'B') => Array.from({ length: n }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber(prefix) }));

describe('Batch Send through the simulator', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator({
			faults: [{ match: { method: 'PUT', path: 'upload' }, fault: { kind: 'status', status: 503 }, times: 1 }],
		});
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it.each([1, 2])('%i invoice(s): each gets a KSeF number (and a part upload that failed once was retried)', async (n) => {
		const { outcomes, sessions } = await clientFor(sim).sendBatch(batchOf(invoices(n)), { maxWaitMs: 30_000 });
		expect(outcomes.map((o) => o.outcome)).toEqual(Array(n).fill('accepted'));
		for (const outcome of outcomes) expect(ksefNumberProblem(outcome.ksefNumber ?? '')).toBeUndefined();
		expect(sessions).toHaveLength(1);
		expect(sessions[0].status?.status.code).toBe(200);
	});

	it('never sends the bearer token to the upload URLs', () => {
		const uploads = sim.simulator.requestLog.filter((entry) => entry.template.startsWith('/upload/'));
		expect(uploads.length).toBeGreaterThan(0);
		expect(uploads.every((entry) => !entry.hadAuthorization)).toBe(true);
	});

	it('1,000 invoices cut into 3+ parts map back one to one, in input order', async () => {
		const xmls = invoices(1000, 'K');
		const before = sim.simulator.requestLog.length;
		const { outcomes, sessions } = await clientFor(sim).sendBatch(batchOf(xmls), { partSizeBytes: 100 * 1024, maxWaitMs: 60_000 });
		expect(sessions[0].partCount).toBeGreaterThanOrEqual(3);
		const uploaded = sim.simulator.requestLog.slice(before).filter((entry) => entry.template.startsWith('/upload/') && entry.status === 201);
		expect(uploaded.length).toBe(sessions[0].partCount);
		expect(outcomes.map((o) => o.index)).toEqual(xmls.map((_, i) => i));
		expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
		expect(new Set(outcomes.map((o) => o.ksefNumber)).size).toBe(1000);
		// each result really belongs to its input: KSeF's stored invoice number matches what we sent
		const sample = outcomes[517];
		expect(xmls[517].toString()).toContain(`<P_2>${sample.invoiceNumber}</P_2>`);
	});

	it('a mixed batch: valid invoices are accepted, invalid ones carry their own codes', async () => {
		const good = invoices(2, 'M');
		const broken = Buffer.from(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('X') }).toString().replace(/<P_1>[^<]*<\/P_1>/, '<P_1>31-12-2026</P_1>'));
		const [duplicateSource] = invoices(1, 'D');
		await clientFor(sim).sendBatch(batchOf([duplicateSource]), { maxWaitMs: 30_000 });
		const { outcomes } = await clientFor(sim).sendBatch(batchOf([good[0], broken, duplicateSource, good[1]]), { maxWaitMs: 30_000 });
		expect(outcomes.map((o) => [o.outcome, o.status?.code])).toEqual([
			['accepted', 200],
			['rejected', 450],
			['duplicate', 440],
			['accepted', 200],
		]);
		expect(outcomes[2].originalKsefNumber).toBeDefined();
	});

	it('attachments: refused up front without the permission, accepted with it', async () => {
		const withAttachment = Buffer.from(sampleInvoice('FA_3_Przyklad_24_zalacznik.xml').toString().replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${uniqueInvoiceNumber('Z')}</P_2>`));
		await expect(clientFor(sim).sendBatch(batchOf([withAttachment]), { hasAttachments: true })).rejects.toThrow(KsefInputError);
		// Without our pre-check KSeF itself rejects the invoice with 410.
		const { outcomes: refused } = await clientFor(sim).sendBatch(batchOf([withAttachment]), { maxWaitMs: 30_000 });
		expect(refused[0].status?.code).toBe(410);

		const permitted = defaultOptions().subjects[1];
		const forPermitted = Buffer.from(withAttachment.toString().replace(/(<Podmiot1>[\s\S]*?<NIP>)[^<]*(<\/NIP>)/, `$1${permitted.nip}$2`));
		const client = clientFor(sim, { token: permitted.token, nip: permitted.nip });
		const { outcomes } = await client.sendBatch(batchOf([forPermitted]), { hasAttachments: true, maxWaitMs: 30_000 });
		expect(outcomes[0].outcome).toBe('accepted');
	});

	it('when processing outlasts the wait, every item is pending with the session reference to finish later', async () => {
		const slow = await startSimulator({ delays: { prolonged150Ms: 60_000 } });
		try {
			const { outcomes, sessions } = await clientFor(slow).sendBatch(batchOf(invoices(2, 'P')), { maxWaitMs: 1_500 });
			expect(outcomes.map((o) => o.outcome)).toEqual(['pending', 'pending']);
			expect(outcomes.every((o) => o.sessionReferenceNumber === sessions[0].referenceNumber)).toBe(true);
		} finally {
			await slow.stop();
		}
	});
});

describe('Batch Send and the context limits', () => {
	it('splits into several sessions when the context allows fewer invoices per session (GET /limits/context)', async () => {
		const sim = await startSimulator({ limits: { maxInvoicesPerSession: 3 } });
		try {
			const { outcomes, sessions } = await clientFor(sim).sendBatch(batchOf(invoices(7, 'L')), { maxWaitMs: 30_000 });
			expect(sessions.map((s) => s.invoiceCount)).toEqual([3, 3, 1]);
			expect(outcomes.map((o) => o.outcome)).toEqual(Array(7).fill('accepted'));
			expect(new Set(outcomes.map((o) => o.sessionReferenceNumber)).size).toBe(3);
			expectSpecCompliance(sim);
		} finally {
			await sim.stop();
		}
	});
});
