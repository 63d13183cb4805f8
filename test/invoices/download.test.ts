import { KsefApiError } from '../../src';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { sha256Base64 } from '../../src/crypto/hash';
import { ksefNumberChecksum } from '../../src/domain/ksefNumber';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const withChecksum = (first32: string) => `${first32}-${ksefNumberChecksum(first32)}`;

describe('downloadInvoice against the simulator', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('returns the XML byte for byte as sent, with the hash KSeF reported', async () => {
		const xml = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('D') });
		const client = clientFor(sim, { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))) });
		const [sent] = await client.sendInvoices([{ xml }], { waitForProcessing: true });
		const before = sim.simulator.requestLog.length;
		// Straight after acceptance the invoice may not be in permanent storage yet; the client retries.
		const downloaded = await client.downloadInvoice(String(sent.ksefNumber));
		expect(downloaded.xml.equals(xml)).toBe(true);
		expect(downloaded.hash).toBe(sha256Base64(xml));
		expect(callsSince(sim, before).every((call) => call === 'GET /invoices/ksef/{ksefNumber}')).toBe(true);
	});

	it('says which KSeF number is unknown in this context (21164)', async () => {
		const unknown = withChecksum('9999999999-20260101-0000000000AB');
		const error = await clientFor(sim).downloadInvoice(unknown).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(KsefApiError);
		expect((error as KsefApiError).exceptionCode).toBe(21164);
		expect((error as Error).message).toBe(`KSeF has no invoice with KSeF number ${unknown} in this context (21164).`);
	});

	it('asks KSeF for a 36-character (KSeF 1.0) number exactly as given, not folded into another number', async () => {
		const legacy = '9999999999-20230101-000000-0000AB-3C';
		const error = await clientFor(sim).downloadInvoice(legacy).catch((e: unknown) => e);
		expect((error as KsefApiError).exceptionCode).toBe(21164);
		expect((error as Error).message).toContain(legacy);
	});

	it('rejects a malformed KSeF number before any request', async () => {
		const before = sim.simulator.requestLog.length;
		await expect(clientFor(sim).downloadInvoice('9999999999-20260101-000000000000-XX')).rejects.toBeInstanceOf(KsefInputError);
		await expect(clientFor(sim).downloadInvoice('9999999999-20260101-0000000000AB-00')).rejects.toThrow(/wrong checksum/);
		expect(sim.simulator.requestLog.length).toBe(before);
	});
});
