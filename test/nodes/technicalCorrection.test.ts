import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { sha256Base64 } from '../../src/crypto/hash';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { executeContext } from './support/executeContext';

describe('Send Invoice: technical correction of a rejected offline invoice (offline/korekta-techniczna.md)', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, unknown>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const send = (xml: Buffer, hash: string, continueOnFail = false) =>
		new KsefSendInvoice().execute.call(
			executeContext({
				items: [{ json: { rejectedHash: hash } }],
				parameters: { invoiceSource: 'text', invoiceXml: xml.toString('utf8'), options: { hashOfCorrectedInvoice: hash }, 'options.hashOfCorrectedInvoice': hash },
				credentials,
				continueOnFail,
			}),
		);

	it('sends the fixed invoice in offline mode linked to the rejected one, which KSeF records', async () => {
		const fixed = makeInvoice({ invoiceNumber: uniqueInvoiceNumber('KT') });
		const broken = Buffer.from(fixed.toString('utf8').replace(/<P_1>[^<]*<\/P_1>/, '<P_1>2026-02-30x</P_1>'));
		const client = clientFor(sim);
		const [rejected] = await client.sendInvoices([{ xml: broken, offlineMode: true }]);
		expect(rejected.outcome).toBe('rejected');
		const rejectedHash = sha256Base64(broken);

		// The hash as hex works too: it is the same SHA-256.
		const [[item]] = await send(fixed, Buffer.from(rejectedHash, 'base64').toString('hex'));
		expect(item.json.outcome).toBe('accepted');
		await new Promise((resolve) => setTimeout(resolve, 700));
		const found = [];
		const filters = { subjectType: 'Subject1' as const, ksefNumber: String(item.json.ksefNumber), dateRange: { dateType: 'Invoicing' as const, from: new Date(Date.now() - 3_600_000).toISOString() } };
		for await (const invoice of client.queryInvoiceMetadata(filters)) found.push(invoice);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ invoicingMode: 'Offline', hashOfCorrectedInvoice: rejectedHash });
	});

	it('names a hash that is not a SHA-256 before anything is sent', async () => {
		const before = sim.simulator.requestLog.length;
		const [[item]] = await send(makeInvoice({ invoiceNumber: uniqueInvoiceNumber('KT') }), 'abc', true);
		expect(JSON.stringify(item.json)).toMatch(/Technical Correction Of \(Hash\).*not a SHA-256 hash/s);
		expect(sim.simulator.requestLog.length).toBe(before);
	});
});
