/**
 * Builds an export package as KSeF does: `{ksefNumber}.xml` per invoice plus `_metadata.json`
 * ({"invoices": InvoiceMetadata[]}), ZIP (or tar.gz), cut into parts of at most `limits.exportPartSizeBytes`
 * before encryption, each part AES-256-CBC/PKCS#7 encrypted on its own with the request's key and IV.
 * The client decrypts each part, concatenates them in ordinalNumber order and unpacks the result.
 * Entry dates are fixed, so the same export rebuilds to the same bytes (and hashes) after a restart.
 */
import archiver from 'archiver';
import { createCipheriv } from 'node:crypto';
import { sha256Base64 } from '../simulator';
import type { StoredInvoice } from './repository';

export interface PackagePartInfo {
	ordinalNumber: number;
	partName: string;
	partSize: number;
	partHash: string;
	encryptedPartSize: number;
	encryptedPartHash: string;
}

export interface BuiltPackage {
	size: number;
	parts: PackagePartInfo[];
	encryptedParts: Buffer[];
}

export interface PackageInput {
	exportReferenceNumber: string;
	invoices: StoredInvoice[];
	onlyMetadata: boolean;
	compressionType: 'Zip' | 'TarGz';
	entryDate: Date;
	partSizeBytes: number;
	aesKey: Buffer;
	iv: Buffer;
}

function pack(entries: Array<{ name: string; data: Buffer }>, compressionType: 'Zip' | 'TarGz', date: Date): Promise<Buffer> {
	const archive =
		compressionType === 'TarGz' ? archiver('tar', { gzip: true, gzipOptions: { level: 6 } }) : archiver('zip', { zlib: { level: 6 } });
	const chunks: Buffer[] = [];
	return new Promise((resolve, reject) => {
		archive.on('data', (chunk: Buffer) => chunks.push(chunk));
		archive.on('error', reject);
		archive.on('warning', reject);
		archive.on('end', () => resolve(Buffer.concat(chunks)));
		for (const entry of entries) archive.append(entry.data, { name: entry.name, date });
		void archive.finalize().catch(reject);
	});
}

function encrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([cipher.update(data), cipher.final()]);
}

export async function buildPackage(input: PackageInput): Promise<BuiltPackage> {
	const entries: Array<{ name: string; data: Buffer }> = [];
	if (!input.onlyMetadata) {
		for (const invoice of input.invoices) {
			if (!invoice.record.xml) continue;
			entries.push({ name: `${invoice.metadata.ksefNumber}.xml`, data: Buffer.from(invoice.record.xml, 'base64') });
		}
	}
	const metadata = { invoices: input.invoices.map((invoice) => invoice.metadata) };
	entries.push({ name: '_metadata.json', data: Buffer.from(JSON.stringify(metadata), 'utf8') });
	const archive = await pack(entries, input.compressionType, input.entryDate);

	const extension = input.compressionType === 'TarGz' ? 'tar.gz' : 'zip';
	const parts: PackagePartInfo[] = [];
	const encryptedParts: Buffer[] = [];
	const partSize = Math.max(1, input.partSizeBytes);
	for (let offset = 0, ordinal = 1; offset < archive.length; offset += partSize, ordinal++) {
		const plain = archive.subarray(offset, offset + partSize);
		const encrypted = encrypt(plain, input.aesKey, input.iv);
		encryptedParts.push(encrypted);
		parts.push({
			ordinalNumber: ordinal,
			partName: `${input.exportReferenceNumber}-${String(ordinal).padStart(3, '0')}.${extension}.aes`,
			partSize: plain.length,
			partHash: sha256Base64(plain),
			encryptedPartSize: encrypted.length,
			encryptedPartHash: sha256Base64(encrypted),
		});
	}
	return { size: archive.length, parts, encryptedParts };
}
