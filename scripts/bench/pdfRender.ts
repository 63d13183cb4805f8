/**
 * Renders N invoice PDFs one after another, as a sync job's KSeF Invoice PDF node would: the official samples in
 * turn, each with its own number, so every PDF is a different document. Prints one JSON line with the figures.
 * Peak RSS is the whole process's (Node itself included), taken by the OS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInvoicePdf } from '../../src/pdf';

const count = Number(process.argv[2] ?? 1000);
const folder = join(__dirname, '..', '..', 'test', 'fixtures', 'invoices');
const templates = readdirSync(folder)
	.filter((name) => name.endsWith('.xml'))
	.map((name) => readFileSync(join(folder, name), 'utf8'));

async function main(): Promise<void> {
	const coldStart = performance.now();
	await renderInvoicePdf(Buffer.from(templates[0]), { environment: 'prod' });
	const coldMs = performance.now() - coldStart;
	let bytes = 0;
	let pages = 0;
	const start = performance.now();
	const cpuStart = process.cpuUsage();
	for (let index = 0; index < count; index++) {
		const xml = Buffer.from(templates[index % templates.length].replace(/<P_2>[^<]*<\/P_2>/, `<P_2>PDF/BENCH/${index + 1}</P_2>`), 'utf8');
		const rendered = await renderInvoicePdf(xml, { environment: 'prod', ksefNumber: undefined });
		bytes += rendered.pdf.length;
		pages += rendered.pages;
	}
	const ms = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);
	// CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
	const cpuMs = (cpu.user + cpu.system) / 1000;
	console.log(JSON.stringify({ count, ms, cpuMs, coldMs, pdfsPerSecond: count / (ms / 1000), pages, averagePdfKb: bytes / count / 1024, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
