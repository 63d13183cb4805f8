/**
 * The package inside a real n8n (2.41.1 on Node 24, installed into .cache/ on first run): installed from its
 * npm tarball as the Community Nodes panel would, the example workflows imported and executed headlessly
 * against the simulator.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForNewExecutions, type StoredExecution } from '../../scripts/n8n/executions';
import { backfillFrom, certificateCredentialData, copySampleInvoices, exampleFiles, loadExample, SAMPLE_BUYER, simulatorCredentials } from '../../scripts/n8n/workflows';
import { KsefClient } from '../../src';
import { ksefNumberProblem } from '../../src/domain/ksefNumber';
import { decodeQr, pdfText, rasterisePage } from '../pdf/support/pdfTools';
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { raiseRateLimits } from '../support/simulatorClient';
import { start, type RunningSimulator } from '../simulator';
import { defaultOptions } from '../simulator/options';
import { BROWSER_ID, freePort, N8nHome, outputOf, PROJECT_ROOT, run, useN8nHome, type ExecutionResult } from './support/n8n';

jest.setTimeout(20 * 60_000);

describe('n8n-nodes-ksef in a real n8n', () => {
	const n8n = useN8nHome({ installProject: true });
	let simulator: RunningSimulator;
	let home: N8nHome;
	const sha = (data: Buffer) => createHash('sha256').update(data).digest('base64');

	beforeAll(async () => {
		home = n8n.home;
		simulator = await start({ port: 0, subjects: [...defaultOptions().subjects, SAMPLE_BUYER] });
		await home.importCredentials(simulatorCredentials(simulator));
		const invoicesDir = join(home.filesDir, 'ksef-invoices');
		copySampleInvoices(invoicesDir);
		for (const file of exampleFiles()) await home.importWorkflow(loadExample(file, invoicesDir));
	});

	afterAll(async () => {
		await simulator?.stop();
	});

	it('installs from the npm tarball with its runtime dependencies and without development files', async () => {
		const { stdout } = await run('tar', ['-tzf', n8n.tarball]);
		const files = stdout.trim().split('\n').map((file) => file.replace(/^package\//, ''));
		expect(files.filter((file) => !/^(dist\/|package\.json$|index\.js$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['dist/nodes/KsefSendInvoice/KsefSendInvoice.node.js', 'dist/nodes/KsefBuildInvoice/KsefBuildInvoice.node.js', 'dist/credentials/KsefApi.credentials.js', 'dist/src/fa3/xsd/schemat_FA(3)_v1-0E.xsd']));
		expect(files.some((file) => file.includes('test/') || file.endsWith('.test.js'))).toBe(false);
		// The Community Nodes panel installs dependencies inside the package's own folder (--install-strategy=shallow).
		const modules = join(n8n.packageDir, 'node_modules');
		const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
		for (const dependency of Object.keys(manifest.dependencies)) expect(existsSync(join(modules, dependency, 'package.json'))).toBe(true);
		expect(existsSync(join(modules, 'jest'))).toBe(false);
	});

	let sendRun: ExecutionResult;
	it('"send and follow up": KSeF numbers, statuses, and downloaded XML identical to what was sent', async () => {
		sendRun = await home.execute('ksefSendAndFollowUp');
		expect(sendRun.status).toBe('success');
		const sent = outputOf(sendRun, 'Send to KSeF');
		expect(sent.map((item) => item.json.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'duplicate']);
		for (const item of sent.slice(0, 3)) expect(ksefNumberProblem(String(item.json.ksefNumber))).toBeUndefined();
		expect(sent[3].json.originalKsefNumber).toBe(sent[0].json.ksefNumber);
		expect(outputOf(sendRun, 'Check invoice status').map((item) => item.json.statusCode)).toEqual([200, 200, 200, 440]);

		const downloads = outputOf(sendRun, 'Download invoice');
		const read = outputOf(sendRun, 'Read invoice files');
		downloads.slice(0, 3).forEach((item, index) => {
			const stored = binaryFile(home, item.binary?.data as { id?: string });
			const original = readFileSync(join(home.filesDir, 'ksef-invoices', String(read[index].binary?.data?.fileName)));
			expect(sha(stored)).toBe(sha(original));
			expect(item.binary?.data?.fileName).toBe(`${String(sent[index].json.ksefNumber)}.xml`);
		});
		expect((downloads[0].json.invoice as { Fa: { P_15: string } }).Fa.P_15).toBe('2051');
	});

	it('continueOnFail: a broken file gets its own error item and the others still get KSeF numbers', async () => {
		const dir = join(home.filesDir, 'mixed');
		copySampleInvoices(dir, ['FA_3_Przyklad_11.xml']);
		writeFileSync(join(dir, 'broken.xml'), '<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Naglowek>');
		const workflow = loadExample('send-and-follow-up.json', dir);
		await home.importWorkflow({ ...workflow, id: 'ksefMixedE2e', name: 'mixed' });
		const result = await home.execute('ksefMixedE2e');
		const sent = outputOf(result, 'Send to KSeF');
		const names = outputOf(result, 'Read invoice files').map((item) => item.binary?.data?.fileName);
		const broken = sent[names.indexOf('broken.xml')];
		const good = sent[names.indexOf('FA_3_Przyklad_11.xml')];
		expect(String(broken.json.error)).toMatch(/^Invoice XML ends at line 1 while <Naglowek> is still open.*looks cut off/);
		expect(good.json.outcome).toBe('accepted');
	});

	it('"invoices from spreadsheet rows": rows → Build Invoice → Send Invoice, exact totals and a KSeF number per invoice', async () => {
		const result = await home.execute('ksefInvoicesFromSpreadsheet');
		expect(result.status).toBe('success');
		const rows = outputOf(result, 'Results');
		// A: 4 × 349.00 + 1.5 × 120.00 = 1576.00 (+ 362.48 VAT) and 2 × 45.50 = 91.00 (+ 4.55); B: 269.97 + 62.09; C: 388.80 + 31.10.
		expect(rows.map((row) => row.json.gross)).toEqual(['2034.03', '332.06', '419.90']);
		expect(rows.every((row) => row.json.outcome === 'accepted' && ksefNumberProblem(String(row.json.ksefNumber)) === undefined)).toBe(true);
		const built = outputOf(result, 'Build Invoice');
		expect(built[0].json.totals).toMatchObject({ byVatRate: [{ vatRate: '23', net: '1576.00', vat: '362.48' }, { vatRate: '5', net: '91.00', vat: '4.55' }] });
		expect((built[0].json.invoice as { Fa: { FaWiersz: unknown[] } }).Fa.FaWiersz).toHaveLength(3);
		// What KSeF stored is byte for byte what Build Invoice produced.
		expect(outputOf(result, 'Send to KSeF').map((item) => item.json.invoiceHash)).toEqual(built.map((item) => item.json.sha256));
	});

	it('"month-end batch": 50 invoices through one batch session, one result each', async () => {
		const result = await home.execute('ksefMonthEndBatch');
		expect(result.status).toBe('success');
		const rows = outputOf(result, 'Results table');
		expect(rows).toHaveLength(50);
		expect(rows.every((row) => row.json.outcome === 'accepted' && ksefNumberProblem(String(row.json.ksefNumber)) === undefined)).toBe(true);
		expect(new Set(rows.map((row) => row.json.invoiceNumber)).size).toBe(50);
	});

	it('the credential test in n8n performs the real authentication, and says why it fails', async () => {
		const server = await home.startServer(await freePort());
		try {
			const cookie = await N8nHome.setupOwner(server.url);
			const test = async (data: Record<string, unknown>) => {
				const response = await fetch(`${server.url}/rest/credentials/test`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie, 'browser-id': BROWSER_ID },
					body: JSON.stringify({ credentials: { id: 'ksefSimulator', name: 'KSeF (simulator)', type: 'ksefApi', data } }),
				});
				const text = await response.text();
				if (!response.ok) throw new Error(`credentials/test answered ${response.status}: ${text.slice(0, 500)}`);
				return (JSON.parse(text) as { data: { status: string; message: string } }).data;
			};
			const good = { environment: 'custom', baseUrl: simulator.baseUrl, token: simulator.token, nip: simulator.nip };
			expect(await test(good)).toMatchObject({ status: 'OK', message: expect.stringMatching(/Authenticated with the KSeF token in the context of NIP 9999999999/) });
			const wrongToken = await test({ ...good, token: `${simulator.token}0` });
			expect(wrongToken.status).toBe('Error');
			expect(wrongToken.message).toMatch(/450/);
			expect(wrongToken.message).not.toContain(simulator.token);
			expect((await test({ ...good, nip: '1234567890' })).message).toMatch(/Context NIP.*checksum/);

			const certificate = certificateCredentialData(simulator);
			expect(await test(certificate)).toMatchObject({ status: 'OK', message: expect.stringMatching(/Signed in with the certificate of NIP 9999999999 .*in the context of NIP 9999999999/) });
			const wrongPassword = await test({ ...certificate, privateKeyPassword: 'not-the-password' });
			expect(wrongPassword).toMatchObject({ status: 'Error', message: expect.stringMatching(/Private Key Password does not open the private key/) });
			expect(wrongPassword.message).not.toContain('not-the-password');
			const otherContext = await test({ ...certificate, nip: SAMPLE_BUYER.nip });
			expect(otherContext).toMatchObject({ status: 'Error', message: expect.stringMatching(/415.*NIP 9999999999.*no permission in the context of NIP 1111111111/) });
		} finally {
			server.stop();
		}
	});

	it('"purchase invoice sync", published: its KSeF Trigger puts the invoices sent to the buyer in the CSV, and after a restart only the new one', async () => {
		// `n8n execute` cannot start a polling trigger (it needs a Manual Trigger, and in its "cli" mode n8n passes a
		// poll node's input through without polling): the example runs as users run it, published in a running n8n.
		const workflowId = 'ksefPurchaseSync';
		const seller = new KsefClient({ baseUrl: simulator.baseUrl, token: simulator.token, nip: simulator.nip });
		// Earlier tests in this file used up PRD's hourly limits; TEST lets tests raise them.
		await raiseRateLimits(seller, ['invoiceMetadata', 'invoiceDownload', 'invoiceSend', 'onlineSession']);
		const sendToBuyer = async (count: number) => {
			// The samples' buyer (Podmiot2) is SAMPLE_BUYER, the example's credential.
			const outcomes = await seller.sendInvoices(Array.from({ length: count }, () => ({ xml: makeInvoice({ invoiceNumber: uniqueInvoiceNumber('BUY') }) })));
			expect(outcomes.map((outcome) => outcome.outcome)).toEqual(Array(count).fill('accepted'));
			return outcomes.map((outcome) => String(outcome.ksefNumber));
		};
		// The example starts from "now"; backfilling from here lets the poll n8n runs at activation find the invoices.
		const since = new Date().toISOString();
		const first = await sendToBuyer(3);
		await home.importWorkflow(backfillFrom(loadExample('purchase-invoice-sync.json', join(home.filesDir, 'ksef-invoices')), 'New purchase invoices', since));
		await home.publish(workflowId);
		const seen = new Set<string>();
		const nextExecutions = async () => {
			const server = await home.startServer(await freePort());
			try {
				const executions = await waitForNewExecutions(server.url, await N8nHome.signIn(server.url), workflowId, seen);
				executions.forEach((execution) => seen.add(execution.id));
				return executions;
			} finally {
				server.stop();
				// The next start must find the port, the database and the static data released.
				if (server.process.exitCode === null) await new Promise((resolve) => server.process.once('exit', resolve));
			}
		};
		const csvOf = (execution: StoredExecution) => binaryFile(home, outputOf(execution, 'Convert to CSV')[0].binary?.data as { id?: string }).toString('utf8');
		const rowsOf = (csv: string) => csv.trim().split('\n').slice(1);
		try {
			const [sync, ...more] = await nextExecutions();
			expect(more).toEqual([]);
			expect(sync).toMatchObject({ status: 'success', mode: 'trigger' });
			const found = outputOf(sync, 'New purchase invoices');
			expect(found.map((item) => item.json.ksefNumber).sort()).toEqual([...first].sort());
			expect(found.every((item) => (item.json.buyer as { identifier: { value: string } }).identifier.value === SAMPLE_BUYER.nip)).toBe(true);
			const csv = csvOf(sync);
			expect(csv.split('\n')[0]).toContain('KSeF number');
			expect(rowsOf(csv)).toHaveLength(3);
			for (const ksefNumber of first) expect(rowsOf(csv).filter((row) => row.includes(ksefNumber) && row.includes(simulator.nip))).toHaveLength(1);

			// n8n restarted: the cursor kept in the workflow's static data lets only the invoice sent since through.
			const second = await sendToBuyer(1);
			const [next, ...others] = await nextExecutions();
			expect(others).toEqual([]);
			expect(next.status).toBe('success');
			expect(outputOf(next, 'New purchase invoices').map((item) => item.json.ksefNumber)).toEqual(second);
			expect(rowsOf(csvOf(next))).toEqual([expect.stringContaining(second[0])]);
		} finally {
			// The trigger test below starts n8n again; this workflow stays out of it.
			await home.unpublish(workflowId);
		}
	});

	it('"invoice PDFs": each invoice becomes a PDF whose text and KOD I QR code match the XML, written next to it', async () => {
		const result = await home.execute('ksefInvoicePdf');
		expect(result.status).toBe('success');
		const rendered = outputOf(result, 'Invoice PDF');
		const read = outputOf(result, 'Read invoice files');
		expect(rendered).toHaveLength(read.length);
		rendered.forEach((item, index) => {
			const xml = readFileSync(join(home.filesDir, 'ksef-invoices', String(read[index].binary?.data?.fileName)));
			const pdf = binaryFile(home, item.binary?.pdf as { id?: string });
			expect(item.binary?.pdf?.mimeType).toBe('application/pdf');
			expect(pdfText(pdf)).toContain(String(item.json.invoiceNumber));
			expect(decodeQr(rasterisePage(pdf, 1), { x: 440, y: 30, width: 125, height: 125 })).toBe(item.json.verificationLink);
			expect(String(item.json.verificationLink)).toContain(createHash('sha256').update(xml).digest('base64url'));
			expect(existsSync(join(home.filesDir, 'ksef-invoices', String(item.json.pdfFileName)))).toBe(true);
		});
	});

	it('an active KSeF Trigger starts one execution per poll with new invoices, each invoice exactly once, byte for byte', async () => {
		const outDir = join(home.filesDir, 'trigger-out');
		mkdirSync(outDir, { recursive: true });
		// Backfill from now: whenever the first poll comes, every invoice sent from here on is new.
		await home.importWorkflow(triggerWorkflow(outDir, new Date().toISOString()));
		await home.n8n(['publish:workflow', '--id=ksefTriggerE2e']);
		const seller = new KsefClient({ baseUrl: simulator.baseUrl, token: simulator.token, nip: simulator.nip });
		// Earlier tests in this file used up PRD's hourly reading limits; TEST lets tests raise them.
		await raiseRateLimits(seller, ['invoiceMetadata', 'invoiceDownload', 'invoiceSend', 'onlineSession']);
		const server = await home.startServer(await freePort());
		try {
			const sent = new Map<string, string>();
			const sendSome = async (count: number) => {
				const xmls = Array.from({ length: count }, () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('E2E') }));
				const outcomes = await seller.sendInvoices(xmls.map((xml) => ({ xml })));
				outcomes.forEach((outcome, index) => sent.set(String(outcome.ksefNumber), sha(xmls[index])));
			};
			const written = () => readdirSync(outDir).filter((name) => name.endsWith('.xml'));
			const waitForFiles = async (count: number) => {
				// n8n polls at most once a minute.
				const deadline = Date.now() + 150_000;
				while (written().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1_000));
			};
			await sendSome(3);
			await waitForFiles(3);
			await sendSome(2);
			await waitForFiles(5);
			// Another poll with nothing new must not start the workflow again.
			await new Promise((resolve) => setTimeout(resolve, 65_000));
			const files = written();
			const byNumber = files.map((name) => name.replace(/^\d+-/, '').replace(/\.xml$/, ''));
			expect(byNumber.sort()).toEqual([...sent.keys()].sort());
			for (const name of files) expect(sha(readFileSync(join(outDir, name)))).toBe(sent.get(name.replace(/^\d+-/, '').replace(/\.xml$/, '')));
			// Files are named after the execution that wrote them: the 5 invoices came in more than one execution.
			expect(new Set(files.map((name) => name.split('-')[0])).size).toBeGreaterThanOrEqual(2);
		} finally {
			server.stop();
		}
	});
});

/** Binary data lives on disk in n8n 2.x ("filesystem-v2" ids); this reads it back. */
function binaryFile(home: N8nHome, binary: { id?: string } | undefined): Buffer {
	const id = binary?.id ?? '';
	const relative = id.replace(/^filesystem(-v2)?:/, '');
	return readFileSync(join(home.dir, '.n8n', 'storage', relative));
}

/** KSeF Trigger (every minute, from `startDate`, with XML) → write each invoice to `<execution id>-<KSeF number>.xml`. */
function triggerWorkflow(outDir: string, startDate: string) {
	return {
		id: 'ksefTriggerE2e',
		name: 'KSeF Trigger e2e',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 't1',
				name: 'New sales invoices',
				type: 'n8n-nodes-ksef.ksefTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, subjectTypes: ['Subject1'], start: 'date', startDate, includeXml: true },
				credentials: { ksefApi: { id: 'ksefSimulatorToken', name: 'KSeF seller, token (simulator)' } },
			},
			{
				id: 't2',
				name: 'Write invoice',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'write', fileName: `={{ "${outDir}/" + $execution.id + "-" + $json.ksefNumber + ".xml" }}`, dataPropertyName: 'data' },
			},
		],
		connections: { 'New sales invoices': { main: [[{ node: 'Write invoice', type: 'main', index: 0 }]] } },
	};
}
