/**
 * `npm run demo`: the embedded KSeF simulator, a real n8n with this package installed from its npm tarball,
 * the example workflows imported, the sending ones run headlessly (`n8n execute`), then the buyer's "daily
 * purchase sync" published in a running n8n, where its KSeF Trigger polls; a short summary of each. With `--open`
 * (or KSEF_DEMO_OPEN=1) n8n keeps running afterwards with the editor on a local URL.
 */
import { join } from 'node:path';
import { start } from '../test/simulator';
import { waitForNewExecutions } from './n8n/executions';
import { DEMO_OWNER, freePort, N8nHome, outputOf } from './n8n/instance';
import { ensureN8n } from './n8n/install';
import { CACHE_DIR } from './n8n/paths';
import { defaultOptions } from '../test/simulator/options';
import { backfillFrom, copySampleInvoices, exampleFiles, loadExample, SAMPLE_BUYER, simulatorCredentials } from './n8n/workflows';
import { packPackage } from './pack';

const open = process.argv.includes('--open') || process.env.KSEF_DEMO_OPEN === '1';
const started = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);

async function main(): Promise<void> {
	const simulator = await start({ port: 0, subjects: [...defaultOptions().subjects, SAMPLE_BUYER] });
	step(`KSeF simulator on ${simulator.baseUrl} (context NIP ${simulator.nip})`);
	const toolchain = await ensureN8n(step);
	const home = await N8nHome.create(toolchain, join(CACHE_DIR, 'demo'));
	try {
		const tarball = await packPackage();
		await home.installPackage(tarball);
		step(`n8n-nodes-ksef installed into n8n from ${tarball.slice(tarball.lastIndexOf('/') + 1)}`);
		const invoicesDir = join(home.filesDir, 'ksef-invoices');
		const invoices = copySampleInvoices(invoicesDir);
		await home.importCredentials(simulatorCredentials(simulator));
		for (const file of exampleFiles()) await home.importWorkflow(loadExample(file, invoicesDir));
		step(`Imported the KSeF credentials (the seller signs in with a certificate, XAdES; the buyer with a KSeF token) and ${exampleFiles().length} example workflows; running "send and follow up" on ${invoices.length} sample invoices…`);

		const result = await home.execute('ksefSendAndFollowUp');
		const sent = outputOf(result, 'Send to KSeF');
		const files = outputOf(result, 'Read invoice files');
		console.log('\nInvoice                         KSeF number                           Result');
		sent.forEach((item, index) => {
			const name = String(files[index]?.binary?.data?.fileName ?? `item ${index + 1}`);
			const json = item.json;
			const number = String(json.ksefNumber ?? json.originalKsefNumber ?? '-');
			const result = json.error ? `error: ${String(json.error)}` : `${String(json.outcome)} (${String(json.statusCode)} ${String(json.statusDescription)})`;
			console.log(`${name.padEnd(32)}${number.padEnd(38)}${result}`);
		});
		const signIns = (path: string) => simulator.simulator.requestLog.filter((entry) => entry.template === path && entry.status === 202).length;
		console.log(`\nThe seller signed in with its certificate: ${signIns('/auth/xades-signature')} XAdES-signed sign-in(s), ${signIns('/auth/ksef-token')} token sign-in(s) so far.`);
		const statuses = outputOf(result, 'Check invoice status');
		console.log(`\nCheck Status confirmed ${statuses.filter((item) => item.json.outcome === 'accepted').length} accepted invoice(s) in session ${String(sent[0]?.json.sessionReferenceNumber ?? '-')}.`);
		const downloads = outputOf(result, 'Download invoice').filter((item) => !item.json.error);
		console.log(`Download returned ${downloads.length} invoice XML file(s), e.g. ${String(downloads[0]?.binary?.data?.fileName ?? '-')} with ${String(downloads[0]?.json.verificationLink ?? '')}`);
		step(`"Send and follow up" finished with status "${result.status}". Now invoices without XML: "invoices from spreadsheet rows"…`);

		const rows = await home.execute('ksefInvoicesFromSpreadsheet');
		console.log('\nBuild Invoice turned spreadsheet rows into FA(3) invoices; Send Invoice got their KSeF numbers:');
		for (const row of outputOf(rows, 'Results')) {
			console.log(`  ${String(row.json.invoiceNumber).padEnd(28)} ${String(row.json.gross).padStart(10)} PLN  ${String(row.json.ksefNumber ?? '-').padEnd(37)} ${String(row.json.outcome)}`);
		}
		step(`"Invoices from spreadsheet rows" finished with status "${rows.status}". Now the buyer's side: "purchase invoice sync" on the KSeF Trigger…`);

		// `n8n execute` cannot start a polling trigger, so the example runs as users run it: published, in a running
		// n8n. It backfills from the demo's start (the example says "now"), so the poll n8n runs when it activates
		// the workflow already finds the invoices sent above, without waiting for the hourly schedule.
		const syncId = 'ksefPurchaseSync';
		await home.importWorkflow(backfillFrom(loadExample('purchase-invoice-sync.json', invoicesDir), 'New purchase invoices', new Date(started).toISOString()));
		await home.publish(syncId);
		const server = await home.startServer(Number(process.env.N8N_PORT ?? (await freePort())));
		try {
			const cookie = await N8nHome.signIn(server.url);
			step(`n8n started with "purchase invoice sync" published; its KSeF Trigger polls at activation…`);
			const [sync] = await waitForNewExecutions(server.url, cookie, syncId, new Set());
			const found = outputOf(sync, 'New purchase invoices');
			console.log(`\nKSeF Trigger delivered ${found.length} new purchase invoice(s) for buyer NIP ${SAMPLE_BUYER.nip} (execution ${sync.id}, mode "${sync.mode}"):`);
			for (const row of outputOf(sync, 'Spreadsheet row')) {
				console.log(`  ${String(row.json['KSeF number'])}  ${String(row.json['Invoice number']).padEnd(16)} ${String(row.json.Gross).padStart(10)} ${String(row.json.Currency)}  from ${String(row.json.Seller)}`);
			}
			const csv = outputOf(sync, 'Convert to CSV')[0]?.binary?.data;
			console.log(`Convert to File produced ${String(csv?.fileName ?? 'no file')}. The trigger's cursor is in the workflow's static data: the next poll delivers only what KSeF stores from here on.`);
			step(`"Purchase invoice sync" finished with status "${sync.status}".`);

			if (!open) return;
			console.log(`\nn8n is running at ${server.url}: log in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}. The KSeF credentials and the examples are there; "purchase invoice sync" stays published and polls every hour.`);
			console.log('The simulator keeps running too. Press Ctrl+C to stop both.');
			await new Promise<void>((resolve) => {
				process.once('SIGINT', () => resolve());
				process.once('SIGTERM', () => resolve());
			});
		} finally {
			server.stop();
			if (server.process.exitCode === null) await new Promise((resolve) => server.process.once('exit', resolve));
		}
	} finally {
		await simulator.stop();
		home.dispose();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	},
);
