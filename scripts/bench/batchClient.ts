/**
 * One measured run in its own process (so peak RSS is this pipeline's alone), printing one JSON line.
 * `ours`: Batch Send as the node runs it (plan, streaming ZIP, part encryption, spool, upload, wait, map).
 * `bare`: the same invoice bytes through deflate + AES-256-CBC + SHA-256 and nothing else.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createDeflateRaw } from 'node:zlib';
import { entryName, KsefClient, type BatchInvoice } from '../../src';
import { sha256Base64 } from '../../src/crypto/hash';
import { benchInvoice } from './invoiceGenerator';

const [mode, countText, baseUrl, token, nip] = process.argv.slice(2);
const count = Number(countText);
const runId = randomBytes(4).toString('hex');

async function bare(): Promise<Record<string, number>> {
	const started = performance.now();
	const deflate = createDeflateRaw({ level: 6 });
	const cipher = createCipheriv('aes-256-cbc', randomBytes(32), randomBytes(16));
	const plainHash = createHash('sha256');
	const encryptedHash = createHash('sha256');
	let plainBytes = 0;
	const drained = new Promise<void>((resolve) => {
		deflate.on('data', (chunk: Buffer) => encryptedHash.update(cipher.update(chunk)));
		deflate.on('end', () => {
			encryptedHash.update(cipher.final());
			resolve();
		});
	});
	for (let i = 0; i < count; i++) {
		const xml = benchInvoice(runId, i);
		plainBytes += xml.length;
		plainHash.update(xml);
		if (!deflate.write(xml)) await new Promise((resolve) => deflate.once('drain', resolve));
	}
	deflate.end();
	await drained;
	plainHash.digest();
	encryptedHash.digest();
	return { clientMs: performance.now() - started, plainBytes };
}

async function ours(): Promise<Record<string, number>> {
	const client = new KsefClient({ baseUrl, token, nip });
	await client.authenticate();
	const started = performance.now();
	const invoices: BatchInvoice[] = [];
	let plainBytes = 0;
	for (let i = 0; i < count; i++) {
		const xml = benchInvoice(runId, i);
		plainBytes += xml.length;
		invoices.push({ index: i, fileName: entryName(i, `BENCH-${i + 1}`), size: xml.length, invoiceHash: sha256Base64(xml), read: async () => benchInvoice(runId, i) });
	}
	const marks: Record<string, number> = {};
	let zipBytes = 0;
	const { outcomes } = await client.sendBatch(invoices, {
		maxWaitMs: 30 * 60_000,
		onPhase: (phase) => {
			marks[phase.phase] = performance.now() - started;
			if (phase.phase === 'spooled') zipBytes = phase.zipSize;
		},
	});
	const accepted = outcomes.filter((outcome) => outcome.outcome === 'accepted').length;
	return {
		clientMs: marks.closed,
		buildAndEncryptMs: marks.spooled,
		uploadMs: marks.uploaded - marks.spooled,
		processingWaitMs: marks.processed - marks.closed,
		totalMs: performance.now() - started,
		plainBytes,
		zipBytes,
		accepted,
	};
}

(mode === 'bare' ? bare() : ours()).then(
	(figures) => {
		console.log(JSON.stringify({ mode, count, ...figures, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
		process.exit(0);
	},
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
