import type { InvoiceQueryFilters } from '../../src';
import { sleep } from '../../src/http/retry';
import { startExport, waitForPackage } from '../../src/invoices/exportJob';
import { createSessionEncryption } from '../../src/sessions/sessionEncryption';
import type { RunningSimulator } from './index';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('pre-signed links refuse an Authorization header alike', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('an export part download with a bearer token is refused as uploads are; the link alone works', async () => {
		const client = clientFor(sim);
		await client.sendInvoices([{ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('PL') }) }]);
		await new Promise((resolve) => setTimeout(resolve, 700));
		const filters: InvoiceQueryFilters = { subjectType: 'Subject1', dateRange: { dateType: 'PermanentStorage', from: new Date(Date.now() - 3_600_000).toISOString() } };
		const encryption = await createSessionEncryption(client.api.http);
		const options = { sleep, maxWaitMs: 30_000 };
		const pack = await waitForPackage(client.api, await startExport(client.api, filters, encryption, options), filters, options);
		if (pack === 'beyondHwm') throw new Error('expected a package');
		const url = pack.parts[0].url;
		const withBearer = await fetch(url, { headers: { authorization: `Bearer ${await client.api.tokens.get()}` } });
		expect(withBearer.status).toBe(400);
		expect(await withBearer.text()).toContain('<Code>InvalidAuthenticationInfo</Code>');
		expect((await fetch(url)).status).toBe(200);
	});
});
