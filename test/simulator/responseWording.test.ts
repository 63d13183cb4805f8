import type { SessionInvoiceStatusResponse, SessionStatusResponse } from '../../src';
import { KsefApiError } from '../../src';
import type { RunningSimulator } from './index';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

const WARSAW = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0[12]:00$/;

describe('simulator answers read consistently', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('writes every timestamp of a session and invoice status with the same Warsaw offset', async () => {
		const client = clientFor(sim);
		const [sent] = await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TS') }) }]);
		const session = sent.sessionReferenceNumber ?? '';
		let status: SessionStatusResponse = await client.getSessionStatus(session);
		for (let i = 0; i < 50 && !status.upo; i++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			status = await client.getSessionStatus(session);
		}
		const sessionDates = [status.dateCreated, status.dateUpdated, status.validUntil, ...(status.upo?.pages ?? []).map((page) => page.downloadUrlExpirationDate)];
		expect(sessionDates.filter((date) => !WARSAW.test(String(date)))).toEqual([]);
		const invoice: SessionInvoiceStatusResponse = await client.getInvoiceStatus(session, sent.invoiceReferenceNumber ?? '');
		const invoiceDates = [invoice.acquisitionDate, invoice.invoicingDate, invoice.permanentStorageDate, invoice.upoDownloadUrlExpirationDate];
		expect(invoiceDates.filter((date) => !WARSAW.test(String(date)))).toEqual([]);
	});

	it('a second close of an online session says the status prevents closing, not sending', async () => {
		const client = clientFor(sim);
		const [sent] = await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('TS') }) }]);
		const error = (await client.api
			.json({ method: 'POST', path: `/sessions/online/${sent.sessionReferenceNumber}/close` })
			.catch((e: unknown) => e)) as KsefApiError;
		expect(error.exceptionCode).toBe(21180);
		expect(error.exceptions[0].details.join(' ')).toMatch(/uniemożliwia zamknięcie sesji/);
	});
});
