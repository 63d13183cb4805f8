/**
 * What KSeF does after a batch session is closed: decrypt every part on its own (AES-256-CBC, PKCS#7, the
 * session key and IV), join the plain parts in ordinal order, check the package's size and hash, unpack, and
 * take in every invoice independently (not atomic: each one succeeds or fails on its own). A broken package
 * fails the whole session with one of the batch status codes of SessionStatusResponse.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { acceptInvoice } from '../processing/acceptInvoice';
import { contextLimits } from '../routes/info';
import type { Simulator } from '../simulator';
import type { SessionRecord, StatusInfo } from '../state';
import { archiveEntries, type CompressionType } from './archive';
import { blobPath } from './blobStore';

const failure = (code: number, description: string, details: string[]): StatusInfo => ({ code, description, details });

export async function processPackage(sim: Simulator, session: SessionRecord): Promise<void> {
	const packagePath = blobPath(sim, `${session.referenceNumber}.package`);
	try {
		const problem = (await joinParts(sim, session, packagePath)) ?? (await takeInInvoices(sim, session, packagePath));
		if (problem) session.packageFailure = problem;
	} catch (error) {
		session.packageFailure = failure(500, 'Nieznany błąd (500)', [(error as Error).message]);
	} finally {
		rmSync(packagePath, { force: true });
		for (const part of session.batchFile?.parts ?? []) if (part.blobName) rmSync(blobPath(sim, part.blobName), { force: true });
		session.processingDoneAtMs = sim.now();
		sim.persist();
	}
}

/** Decrypts and joins the parts into `packagePath`, streaming (parts may be 100 MB each). */
async function joinParts(sim: Simulator, session: SessionRecord, packagePath: string): Promise<StatusInfo | undefined> {
	const batchFile = session.batchFile;
	if (!batchFile) return failure(405, 'Błąd weryfikacji poprawności dostarczonych elementów paczki', ['Brak opisu paczki.']);
	const key = Buffer.from(session.aesKey, 'base64');
	const iv = Buffer.from(session.iv, 'base64');
	const out = createWriteStream(packagePath);
	const hash = createHash('sha256');
	let size = 0;
	const write = async (chunk: Buffer) => {
		hash.update(chunk);
		size += chunk.length;
		if (!out.write(chunk)) await once(out, 'drain');
	};
	try {
		for (const part of [...batchFile.parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
			if (part.uploadedSize !== undefined && (part.uploadedSize !== part.fileSize || part.uploadedHash !== part.fileHash)) {
				return failure(405, 'Błąd weryfikacji poprawności dostarczonych elementów paczki', [
					`Część ${part.ordinalNumber} ma ${part.uploadedSize} B i skrót SHA-256 ${part.uploadedHash}; zadeklarowano ${part.fileSize} B i ${part.fileHash}.`,
				]);
			}
			const cannotDecrypt = failure(435, 'Błąd odszyfrowania zaszyfrowanych części archiwum', [
				`Nie udało się odszyfrować części ${part.ordinalNumber} (AES-256-CBC, PKCS#7, klucz i wektor IV sesji).`,
			]);
			if (iv.length !== 16) return cannotDecrypt;
			const decipher = createDecipheriv('aes-256-cbc', key, iv);
			for await (const chunk of createReadStream(blobPath(sim, part.blobName ?? ''))) await write(decipher.update(chunk as Buffer));
			try {
				await write(decipher.final());
			} catch {
				return cannotDecrypt;
			}
		}
	} finally {
		out.end();
		await once(out, 'close');
	}
	const digest = hash.digest('base64');
	if (size !== batchFile.fileSize || digest !== batchFile.fileHash) {
		return failure(405, 'Błąd weryfikacji poprawności dostarczonych elementów paczki', [
			`Paczka po odszyfrowaniu i złączeniu części ma ${size} B i skrót SHA-256 ${digest}; zadeklarowano ${batchFile.fileSize} B i ${batchFile.fileHash}.`,
		]);
	}
	return undefined;
}

async function takeInInvoices(sim: Simulator, session: SessionRecord, packagePath: string): Promise<StatusInfo | undefined> {
	const compression: CompressionType = session.batchFile?.compressionType === 'TarGz' ? 'TarGz' : 'Zip';
	const maxInvoices = contextLimits(sim, session.nip).batchSession.maxInvoices;
	const cannotUnpack = (error: unknown) =>
		failure(430, 'Błąd dekompresji pierwotnego archiwum', [`Nie udało się rozpakować archiwum (${compression}): ${(error as Error).message}`]);
	// The limit is checked on the whole package before any invoice is taken in, so an oversized package leaves no half-done session.
	let count = 0;
	try {
		for await (const entry of archiveEntries(packagePath, compression, false)) if (entry.name) count += 1;
	} catch (error) {
		return cannotUnpack(error);
	}
	if (count === 0) return failure(440, 'Sesja anulowana', ['Nie przesłano faktur']);
	if (count > maxInvoices) {
		return failure(420, 'Przekroczony limit faktur w sesji', [`Paczka zawiera ${count} faktur, dozwolone ${maxInvoices} w sesji.`]);
	}
	// Processing resumed after a restart must not take in twice what it took in before the crash.
	const takenIn = new Set(session.invoiceReferenceNumbers.map((ref) => sim.state.invoices[ref]?.invoiceFileName));
	try {
		for await (const entry of archiveEntries(packagePath, compression, true)) {
			if (takenIn.has(entry.name.slice(-128))) continue;
			const xml = entry.data ?? Buffer.alloc(0);
			acceptInvoice(sim, session, {
				xml,
				invoiceHash: createHash('sha256').update(xml).digest('base64'),
				invoiceSize: xml.length,
				fileName: entry.name.slice(-128),
				offlineMode: session.offlineMode,
			});
		}
	} catch (error) {
		// Invoices already taken in keep their own track; the package as a whole still failed.
		return cannotUnpack(error);
	}
	return undefined;
}
