/**
 * The KSeF token, the private key and the passwords are secrets. This runs the nodes and the client through success and every kind of failure
 * and searches everything they produced (outputs, errors with their stacks and fields, request events, console
 * and process output) for the token and its secret part.
 */
import { randomBytes } from 'node:crypto';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';
import { mock } from 'jest-mock-extended';
import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { KsefSendInvoice } from '../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { ksefApiCredentialTest } from '../../nodes/shared/credentialTest';
import { KsefClient } from '../../src';
import type { RunningSimulator } from '../simulator';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { startSimulator } from '../support/simulatorClient';
import { executeContext, xmlItems } from '../nodes/support/executeContext';
import { certificateCredentialData } from '../../scripts/n8n/workflows';

describe('no credential secret ever leaks', () => {
	let sim: RunningSimulator;
	const seen: string[] = [];
	const record = (value: unknown) => {
		if (value instanceof Error) {
			seen.push(value.message, String(value.stack), JSON.stringify(value, Object.getOwnPropertyNames(value)), String((value as { description?: string }).description));
		} else seen.push(typeof value === 'string' ? value : JSON.stringify(value));
	};

	beforeAll(async () => {
		sim = await startSimulator();
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, method).mockImplementation((...args: unknown[]) => args.forEach(record));
		const write = (chunk: unknown) => (record(String(chunk)), true);
		jest.spyOn(process.stdout, 'write').mockImplementation(write as typeof process.stdout.write);
		jest.spyOn(process.stderr, 'write').mockImplementation(write as typeof process.stderr.write);
	});
	afterAll(async () => {
		jest.restoreAllMocks();
		await sim.stop();
	});

	it('through successes and failures of nodes, credential test and client', async () => {
		const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		const invoice = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('T') });
		const sendParams = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { attachUpo: true } };

		record(await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice(), invoice()]), parameters: sendParams, credentials })));
		// wrong context NIP: authentication fails (415)
		await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials: { ...credentials, nip: '5265877635' } })).catch(record);
		// unreachable host, with continueOnFail
		record(await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials: { ...credentials, baseUrl: 'http://127.0.0.1:9/v2' }, continueOnFail: true })));
		// unknown session, with and without continueOnFail
		const statusParams = { operation: 'sessionStatus', sessionReferenceNumber: '20260101-SO-0000000000-0000000000-00' };
		record(await new KsefCheckStatus().execute.call(executeContext({ items: [{ json: {} }], parameters: statusParams, credentials, continueOnFail: true })));
		await new KsefCheckStatus().execute.call(executeContext({ items: [{ json: {} }], parameters: statusParams, credentials })).catch(record);
		// the credential test, good and bad
		const ctx = mock<ICredentialTestFunctions>();
		record(await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: credentials }));
		record(await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: { ...credentials, token: `${sim.token}x` } }));
		// the client's request log
		const client = new KsefClient({ ...credentials, onRequest: record });
		record(await client.sendInvoices([{ xml: invoice() }]));
		await new KsefClient({ ...credentials, token: `${sim.token}x`, onRequest: record }).authenticate().catch(record);

		expect(seen.length).toBeGreaterThan(20);
		const secretPart = sim.token.split('|').at(-1) ?? sim.token;
		const leaks = seen.filter((text) => text.includes(sim.token) || text.includes(secretPart));
		expect(leaks).toEqual([]);
	});

	it('nor do the private key, its password or a PKCS#12 bundle, through the same successes and failures', async () => {
		const from = seen.length;
		const credentials = certificateCredentialData(sim) as ICredentialDataDecryptedObject;
		// Made up at run time: a bundle that is not one, and its password.
		const bundle = randomBytes(40).toString('base64');
		const bundlePassword = randomBytes(8).toString('hex');
		const invoice = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('C') });
		const sendParams = { invoiceSource: 'binary', binaryPropertyName: 'data', options: { attachUpo: true } };
		const ctx = mock<ICredentialTestFunctions>();
		record(await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials })));
		// no permission in the context (415), a wrong password, an unreachable host with continueOnFail
		await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials: { ...credentials, nip: '5265877635' } })).catch(record);
		await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials: { ...credentials, privateKeyPassword: 'wrong-password' } })).catch(record);
		record(await new KsefSendInvoice().execute.call(executeContext({ ...xmlItems([invoice()]), parameters: sendParams, credentials: { ...credentials, baseUrl: 'http://127.0.0.1:9/v2' }, continueOnFail: true })));
		record(await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: credentials }));
		record(await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: { ...credentials, nip: '5265877635' } }));
		record(await ksefApiCredentialTest.call(ctx, { id: '1', name: 'k', type: 'ksefApi', data: { ...credentials, materialFormat: 'pkcs12', pkcs12Secret: bundle, pkcs12Password: bundlePassword } }));

		const produced = seen.slice(from);
		expect(produced.length).toBeGreaterThan(8);
		const keyLines = sim.certificate.privateKeyPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
		const secrets = [sim.certificate.password, bundle, bundlePassword, ...keyLines];
		expect(produced.filter((text) => secrets.some((secret) => text.includes(secret)))).toEqual([]);
	});
});
