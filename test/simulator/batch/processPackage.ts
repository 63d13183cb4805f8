/**
 * What KSeF does after a batch session is closed: decrypt every part on its own (AES-256-CBC, PKCS#7, the
 * session key and IV), join the plain parts in ordinal order, check the ZIP's size and hash, unzip, and take
 * in every invoice independently. A broken package fails the whole session with its own status code.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import yauzl from 'yauzl';
import { acceptInvoice } from '../processing/acceptInvoice';
import type { Simulator } from '../simulator';
import type { SessionRecord, StatusInfo } from '../state';
import { blobPath } from './blobStore';

export async function processPackage(sim: Simulator, session: SessionRecord): Promise<void> {
	const zipPath = blobPath(sim, `${session.referenceNumber}.zip`);
	try {
		const failure = (await joinParts(sim, session, zipPath)) ?? (await takeInInvoices(sim, session, zipPath));
		if (failure) session.packageFailure = failure;
	} catch (error) {
		session.packageFailure = { code: 500, description: 'Nieznany błąd', details: [(error as Error).message] };
	} finally {
		rmSync(zipPath, { force: true });
		session.processingDoneAtMs = sim.now();
	}
}

async function joinParts(sim: Simulator, session: SessionRecord, zipPath: string): Promise<StatusInfo | undefined> {
	const batchFile = session.batchFile;
	if (!batchFile) return { code: 405, description: 'Błąd weryfikacji paczki', details: ['Brak opisu paczki.'] };
	const key = Buffer.from(session.aesKey, 'base64');
	const iv = Buffer.from(session.iv, 'base64');
	const out = createWriteStream(zipPath);
	const hash = createHash('sha256');
	let size = 0;
	const write = async (chunk: Buffer) => {
		hash.update(chunk);
		size += chunk.length;
		if (!out.write(chunk)) await once(out, 'drain');
	};
	try {
		for (const part of [...batchFile.parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
			const decipher = createDecipheriv('aes-256-cbc', key, iv);
			for await (const chunk of createReadStream(blobPath(sim, part.blobName ?? ''))) await write(decipher.update(chunk as Buffer));
			try {
				await write(decipher.final());
			} catch {
				return { code: 435, description: 'Błąd odszyfrowania pliku', details: [`Nie udało się odszyfrować części ${part.ordinalNumber} (AES-256-CBC, PKCS#7).`] };
			}
		}
	} finally {
		out.end();
		await once(out, 'close');
	}
	const digest = hash.digest('base64');
	if (size !== batchFile.fileSize || digest !== batchFile.fileHash) {
		return {
			code: 425,
			description: 'Nieprawidłowy skrót pliku',
			details: [`Paczka po odszyfrowaniu ma ${size} B i skrót ${digest}; zadeklarowano ${batchFile.fileSize} B i ${batchFile.fileHash}.`],
		};
	}
	return undefined;
}

async function takeInInvoices(sim: Simulator, session: SessionRecord, zipPath: string): Promise<StatusInfo | undefined> {
	let zip: yauzl.ZipFile;
	try {
		zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zipPath, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))));
	} catch (error) {
		return { code: 430, description: 'Błąd dekompresji pliku', details: [(error as Error).message] };
	}
	let count = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			zip.on('error', reject);
			zip.on('end', () => resolve());
			zip.on('entry', (entry: yauzl.Entry) => {
				if (entry.fileName.endsWith('/')) return zip.readEntry();
				count += 1;
				if (count > sim.options.limits.maxInvoicesPerSession) return reject(new RangeError('too many invoices'));
				zip.openReadStream(entry, (error, stream) => {
					if (error) return reject(error);
					const chunks: Buffer[] = [];
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('error', reject);
					stream.on('end', () => {
						const xml = Buffer.concat(chunks);
						acceptInvoice(sim, session, {
							xml,
							invoiceHash: createHash('sha256').update(xml).digest('base64'),
							invoiceSize: xml.length,
							fileName: entry.fileName,
							offlineMode: session.offlineMode,
						});
						zip.readEntry();
					});
				});
			});
			zip.readEntry();
		});
	} catch (error) {
		if (error instanceof RangeError) {
			return { code: 420, description: 'Przekroczono limit faktur w sesji', details: [`Dozwolone ${sim.options.limits.maxInvoicesPerSession} faktur.`] };
		}
		return { code: 430, description: 'Błąd dekompresji pliku', details: [(error as Error).message] };
	} finally {
		zip.close();
	}
	if (count === 0) return { code: 445, description: 'Błąd weryfikacji, brak poprawnych faktur', details: ['Paczka nie zawiera faktur.'] };
	return undefined;
}
