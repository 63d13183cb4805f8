import { createDecipheriv } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { InvoiceMetadata, InvoicePackage, InvoicePackagePart, InvoiceQueryDateType } from '../api/schemas';
import type { AesKeyMaterial } from '../crypto/aes';
import { sha256Base64 } from '../crypto/hash';
import { KsefError } from '../errors/KsefError';
import type { AuthorizedApi } from '../http/authorizedApi';
import { recordInstant } from './dateWindows';
import type { EmittedBoundary } from './emittedBoundary';
import { MAX_INVOICE_XML_BYTES } from './parseInvoice';
import { ZipArchive } from './zipEntries';

export interface ExportedInvoice {
	ksefNumber: string;
	/** The invoice file exactly as stored in KSeF. */
	xml: Buffer;
	/** The invoice's entry in the package's `_metadata.json`. */
	metadata?: InvoiceMetadata;
}

const METADATA_FILE = '_metadata.json';
/** KSeF packs at most 10,000 invoices plus `_metadata.json`; twice that is a generous margin, not a hostile archive. */
export const MAX_PACKAGE_ENTRIES = 20_000;
/** `_metadata.json` lists up to 10,000 invoices at roughly 1–2 KB each. */
const MAX_METADATA_BYTES = 200 * 1024 * 1024;

/**
 * Downloads the parts from their pre-signed links (no bearer token: the link is the authorisation), checks each
 * against its hashes, decrypts it with the export's key, and appends it to `zipPath` in ordinalNumber order.
 */
export async function downloadPackage(api: AuthorizedApi, pack: InvoicePackage, key: AesKeyMaterial, zipPath: string): Promise<void> {
	const out = createWriteStream(zipPath);
	const closed = once(out, 'close');
	try {
		for (const part of [...pack.parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
			if (!out.write(await downloadPart(api, part, key))) await once(out, 'drain');
		}
	} finally {
		out.end();
		await closed;
	}
}

async function downloadPart(api: AuthorizedApi, part: InvoicePackagePart, key: AesKeyMaterial): Promise<Buffer> {
	if (part.method.toUpperCase() !== 'GET') throw new KsefError(`Export part ${part.ordinalNumber} asks for HTTP ${part.method}; only GET is supported.`);
	const { body } = await api.http.bytes({ method: 'GET', path: part.url }, 'application/octet-stream');
	if (sha256Base64(body) !== part.encryptedPartHash) {
		throw new KsefError(`Export part ${part.ordinalNumber} arrived damaged (its hash does not match encryptedPartHash). Run the export again.`);
	}
	// Every part is encrypted on its own with the key and IV of the export request.
	const decipher = createDecipheriv('aes-256-cbc', key.key, key.iv);
	const plain = Buffer.concat([decipher.update(body), decipher.final()]);
	if (sha256Base64(plain) !== part.partHash) {
		throw new KsefError(`Export part ${part.ordinalNumber} did not decrypt to the content KSeF announced (partHash). Run the export again.`);
	}
	return plain;
}

/**
 * The invoices of an unpacked package in `_metadata.json` order (ascending by the export's date type), skipping
 * those `boundary` says were already returned by the previous package. With metadata, only the files it lists
 * are read; anything else (an unlisted file, a refused file name, a listed invoice missing or unreadable) is told
 * to `onProblem` and the rest of the package is still delivered; a listed invoice left out is also handed to
 * `onLeftOut`, so a checkpoint does not move past it. Without metadata (packages before 27.10.2025) every .xml
 * file is an invoice.
 */
export async function* packageInvoices(
	zipPath: string,
	dateType: InvoiceQueryDateType,
	boundary: EmittedBoundary,
	onProblem: (problem: string) => void = () => undefined,
	onLeftOut: (metadata: InvoiceMetadata) => void = () => undefined,
): AsyncGenerator<ExportedInvoice> {
	const archive = await ZipArchive.open(zipPath, { maxEntries: MAX_PACKAGE_ENTRIES });
	try {
		for (const refused of archive.refused) onProblem(`The export package has an entry with a refused name, ${refused}; it was skipped.`);
		const hasMetadata = archive.has(METADATA_FILE);
		const listed = await readMetadata(archive, dateType);
		const listedNames = new Set(listed.map((metadata) => `${metadata.ksefNumber}.xml`));
		for (const metadata of listed) {
			const name = `${metadata.ksefNumber}.xml`;
			if (!archive.has(name)) {
				onProblem(`Invoice ${metadata.ksefNumber} is listed in the package's _metadata.json but its file is missing; download it with Download Invoice.`);
				onLeftOut(metadata);
				continue;
			}
			if (!boundary.accept(metadata.ksefNumber, recordInstant(metadata, dateType))) continue;
			const xml = await readEntry(archive, name, onProblem);
			if (xml) yield { ksefNumber: metadata.ksefNumber, xml, metadata };
			else onLeftOut(metadata);
		}
		const unlisted = archive.names.filter((name) => name !== METADATA_FILE && !listedNames.has(name));
		if (hasMetadata) {
			if (unlisted.length) {
				onProblem(`The export package holds ${unlisted.length} file(s) not listed in its _metadata.json (${unlisted.slice(0, 3).join(', ')}${unlisted.length > 3 ? ', …' : ''}); they were ignored.`);
			}
			return;
		}
		for (const name of unlisted) {
			if (!name.toLowerCase().endsWith('.xml')) continue;
			const xml = await readEntry(archive, name, onProblem);
			if (xml) yield { ksefNumber: name.replace(/^.*\//, '').replace(/\.xml$/i, ''), xml };
		}
	} finally {
		archive.close();
	}
}

async function readEntry(archive: ZipArchive, name: string, onProblem: (problem: string) => void): Promise<Buffer | undefined> {
	try {
		return await archive.read(name, MAX_INVOICE_XML_BYTES);
	} catch (error) {
		onProblem(`${name} in the export package could not be read (${error instanceof Error ? error.message : String(error)}); download it with Download Invoice.`);
		return undefined;
	}
}

async function readMetadata(archive: ZipArchive, dateType: InvoiceQueryDateType): Promise<InvoiceMetadata[]> {
	if (!archive.has(METADATA_FILE)) return [];
	const parsed = JSON.parse((await archive.read(METADATA_FILE, MAX_METADATA_BYTES)).toString('utf8')) as { invoices?: InvoiceMetadata[] };
	const invoices = parsed.invoices ?? [];
	// Sorted here rather than trusted: the boundary check relies on ascending order. Array.sort is stable.
	return invoices.sort((a, b) => recordInstant(a, dateType) - recordInstant(b, dateType));
}
