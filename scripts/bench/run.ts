/**
 * `npm run bench`: Batch Send against the simulator for 10,000 and 100,000 invoices, next to the bare pipeline
 * (deflate + AES-256-CBC + SHA-256 of the same bytes) measured in the same run. Each measurement runs in its own
 * process; the simulator runs in another, so its memory and CPU time are not counted as the client's.
 * `npm run bench -- 2000` runs other sizes. Then 1,000 invoice PDFs (pdfRender.ts); `npm run bench -- pdf` runs
 * only those.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const onlyPdf = process.argv.includes('pdf');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const counts = onlyPdf ? [] : sizes.length ? sizes : [10_000, 100_000];
const PDF_COUNT = 1000;

interface Figures {
	clientMs: number;
	plainBytes: number;
	peakRssMb: number;
	buildAndEncryptMs?: number;
	uploadMs?: number;
	processingWaitMs?: number;
	accepted?: number;
	zipBytes?: number;
}

function runChild<T = Figures>(args: string[], script = 'batchClient.ts'): Promise<T> {
	return new Promise((resolve, reject) => {
		const child = spawn(tsx, [join(__dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T) : reject(new Error(`bench child failed (${code})`))));
	});
}

interface PdfFigures {
	count: number;
	ms: number;
	cpuMs: number;
	coldMs: number;
	pdfsPerSecond: number;
	pages: number;
	averagePdfKb: number;
	peakRssMb: number;
}

async function pdfBenchmark(): Promise<void> {
	const pdf = await runChild<PdfFigures>([String(PDF_COUNT)], 'pdfRender.ts');
	console.log(`Invoice PDF: ${pdf.count.toLocaleString('en-US')} invoices (the official samples in turn, ${pdf.pages.toLocaleString('en-US')} pages) rendered one by one`);
	console.log(`  ${(pdf.ms / 1000).toFixed(2)} s = ${pdf.pdfsPerSecond.toFixed(1)} PDFs/s; CPU ${(pdf.cpuMs / 1000).toFixed(2)} s = ${(pdf.count / (pdf.cpuMs / 1000)).toFixed(1)} PDFs per CPU-second (first PDF of the process, fonts loaded: ${pdf.coldMs.toFixed(0)} ms), ${pdf.averagePdfKb.toFixed(1)} KB per PDF, peak RSS ${pdf.peakRssMb.toFixed(0)} MB\n`);
}

async function startSimulator(): Promise<{ baseUrl: string; token: string; nip: string; stop: () => void }> {
	const child = spawn(tsx, [join(root, 'test', 'simulator', 'cli.ts'), '--port', '0', '--no-xsd', '--no-rate-limits'], { stdio: ['ignore', 'pipe', 'inherit'] });
	const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
	return { ...(JSON.parse(first) as { baseUrl: string; token: string; nip: string }), stop: () => child.kill('SIGTERM') };
}

const mbps = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);

async function main(): Promise<void> {
	console.log('Batch Send benchmark: client time = plan + streaming ZIP + part encryption + spool + upload + close;');
	console.log('the wait for the simulator to process the batch is reported separately. Ratios compare runs of this one invocation.\n');
	for (const count of counts) {
		const simulator = await startSimulator();
		try {
			const ours = await runChild(['ours', String(count), simulator.baseUrl, simulator.token, simulator.nip]);
			const bare = await runChild(['bare', String(count)]);
			const plainMb = ours.plainBytes / 1024 / 1024;
			console.log(`${count.toLocaleString('en-US')} invoices (${plainMb.toFixed(1)} MB of XML, ZIP ${((ours.zipBytes ?? 0) / 1024 / 1024).toFixed(1)} MB), ${ours.accepted} accepted`);
			console.log(`  Batch Send client: ${(ours.clientMs / 1000).toFixed(2)} s (build+encrypt ${((ours.buildAndEncryptMs ?? 0) / 1000).toFixed(2)} s, upload ${((ours.uploadMs ?? 0) / 1000).toFixed(2)} s) = ${mbps(ours.plainBytes, ours.clientMs).toFixed(1)} MB/s, peak RSS ${ours.peakRssMb.toFixed(0)} MB`);
			console.log(`  waiting for the simulator to process: ${((ours.processingWaitMs ?? 0) / 1000).toFixed(2)} s (not client time)`);
			console.log(`  bare pipeline:     ${(bare.clientMs / 1000).toFixed(2)} s = ${mbps(bare.plainBytes, bare.clientMs).toFixed(1)} MB/s, peak RSS ${bare.peakRssMb.toFixed(0)} MB`);
			console.log(`  ratio ours/bare:   throughput ${(mbps(ours.plainBytes, ours.clientMs) / mbps(bare.plainBytes, bare.clientMs)).toFixed(2)}, peak RSS ${(ours.peakRssMb / bare.peakRssMb).toFixed(2)}\n`);
		} finally {
			simulator.stop();
		}
	}
	await pdfBenchmark();
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
