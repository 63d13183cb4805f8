/** One invoice of a batch, read twice: once to plan (size, hash, name), once while zipping. */
export interface BatchInvoice {
	/** Position in the caller's input. */
	index: number;
	/** The file name inside the ZIP; unique, and how KSeF's results are mapped back (invoiceFileName). */
	fileName: string;
	size: number;
	/** SHA-256 (Base64) of the XML. */
	invoiceHash: string;
	read(): Promise<Buffer>;
}

export interface BatchLimits {
	maxInvoicesPerSession: number;
	/** KSeF: 5 GB per batch file. */
	maxZipBytes: number;
	/** KSeF: 50 parts. */
	maxParts: number;
	partSizeBytes: number;
}

/** Bytes a ZIP may add per entry (local header, central directory, name, descriptor), used to stay under limits. */
const ZIP_OVERHEAD_PER_ENTRY = 200;

/**
 * Groups invoices into as few batch sessions as KSeF's limits allow, in input order. The ZIP size is bounded by
 * the plain XML sizes plus per-entry overhead (deflate of XML only shrinks it in practice; store is the fallback
 * bound), so a group never needs more parts than allowed.
 */
export function planBatches(invoices: BatchInvoice[], limits: BatchLimits): BatchInvoice[][] {
	const maxBytes = Math.min(limits.maxZipBytes, limits.maxParts * limits.partSizeBytes);
	const groups: BatchInvoice[][] = [];
	let group: BatchInvoice[] = [];
	let bytes = 0;
	for (const invoice of invoices) {
		const cost = invoice.size + invoice.fileName.length * 2 + ZIP_OVERHEAD_PER_ENTRY;
		if (group.length > 0 && (group.length >= limits.maxInvoicesPerSession || bytes + cost > maxBytes)) {
			groups.push(group);
			group = [];
			bytes = 0;
		}
		group.push(invoice);
		bytes += cost;
	}
	if (group.length) groups.push(group);
	return groups;
}

/** A ZIP entry name that is unique and traceable to the input item, e.g. `000042_FV-2026-02-150.xml`. */
export function entryName(index: number, invoiceNumber: string | undefined): string {
	const safe = (invoiceNumber ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
	return `${String(index + 1).padStart(6, '0')}${safe ? `_${safe}` : ''}.xml`;
}
