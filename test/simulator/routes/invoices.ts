/**
 * "Pobieranie faktur": metadata query, download by KSeF number, and the asynchronous export with its
 * pre-signed part downloads. Callers only see invoices where their context NIP is one of the subjects.
 */
import { badRequest, validationError } from '../errors';
import type { Reply, RequestContext } from '../router';
import { sha256Base64, type Simulator } from '../simulator';
import { exportPartBytes, exportStatusBody, startExport, type InvoiceExportRequest } from '../reading/exportJobs';
import { queryMetadataPage } from '../reading/metadataQuery';
import type { InvoiceQueryFilters, SortOrder } from '../reading/query';
import { invoiceByKsefNumber, metadataOf, rolesOf } from '../reading/repository';
import { storageError, storageRefusal } from '../reading/storageLinks';

const KSEF_NUMBER =
	/^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-([0-9A-F]{6})-?([0-9A-F]{6})-([0-9A-F]{2})$/;

function intParam(query: URLSearchParams, name: string, fallback: number): number {
	const raw = query.get(name);
	return raw === null || raw.trim() === '' ? fallback : Number(raw);
}

function queryMetadata(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const sortOrder = (ctx.query.get('sortOrder') ?? 'Asc') as SortOrder;
	const page = queryMetadataPage(
		sim,
		nip,
		ctx.json as InvoiceQueryFilters,
		sortOrder,
		intParam(ctx.query, 'pageOffset', 0),
		intParam(ctx.query, 'pageSize', 10),
	);
	return { status: 200, json: page };
}

function downloadInvoice(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const { ksefNumber } = ctx.params;
	if (!KSEF_NUMBER.test(ksefNumber)) throw validationError([`ksefNumber: wartość ${ksefNumber} nie jest poprawnym numerem KSeF.`]);
	const notFound = badRequest(21164, 'Faktura o podanym identyfikatorze nie istnieje.', [`Faktura o numerze KSeF ${ksefNumber} nie została znaleziona.`]);
	const record = invoiceByKsefNumber(sim, ksefNumber);
	const now = sim.now();
	// Until its final 200 the number is not public; another context's invoice is as unknown as a missing one.
	if (!record || record.finalStatus.code !== 200 || now < record.finalAtMs || !record.xml) throw notFound;
	const metadata = metadataOf(sim, record);
	if (rolesOf(metadata, nip).size === 0) throw notFound;
	if (now < Date.parse(metadata.permanentStorageDate)) {
		throw badRequest(21165, 'Faktura o podanym numerze KSeF nie jest jeszcze dostępna.', [
			`Faktura o numerze KSeF ${ksefNumber} została przetworzona, ale nie jest jeszcze dostępna do pobrania. Spróbuj ponownie później.`,
		]);
	}
	const body = Buffer.from(record.xml, 'base64');
	return { status: 200, body, contentType: 'application/xml', headers: { 'x-ms-meta-hash': sha256Base64(body) } };
}

async function downloadExportPart(sim: Simulator, ctx: RequestContext): Promise<Reply> {
	const { referenceNumber, ordinalNumber } = ctx.params;
	const refusal = storageRefusal(sim, `/download/${referenceNumber}/${ordinalNumber}`, ctx);
	if (refusal) return refusal;
	const bytes = await exportPartBytes(sim, referenceNumber, Number(ordinalNumber));
	if (!bytes) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
	return { status: 200, body: bytes, contentType: 'application/octet-stream', headers: { 'x-ms-meta-hash': sha256Base64(bytes) } };
}

export function registerInvoiceRoutes(sim: Simulator): void {
	sim.router.add('POST', '/invoices/query/metadata', (ctx) => queryMetadata(sim, ctx), { rateLimitGroup: 'invoiceMetadata' });
	sim.router.add('GET', '/invoices/ksef/{ksefNumber}', (ctx) => downloadInvoice(sim, ctx), { rateLimitGroup: 'invoiceDownload' });
	sim.router.add(
		'POST',
		'/invoices/exports',
		(ctx) => {
			const { nip } = sim.requireAccess(ctx);
			return { status: 201, json: { referenceNumber: startExport(sim, nip, ctx.json as InvoiceExportRequest) } };
		},
		{ rateLimitGroup: 'invoiceExport' },
	);
	sim.router.add(
		'GET',
		'/invoices/exports/{referenceNumber}',
		async (ctx) => {
			const { nip } = sim.requireAccess(ctx);
			return { status: 200, json: await exportStatusBody(sim, nip, ctx.params.referenceNumber) };
		},
		{ rateLimitGroup: 'invoiceExportStatus' },
	);
	sim.router.add('GET', '/download/{referenceNumber}/{ordinalNumber}', (ctx) => downloadExportPart(sim, ctx), { external: true });
}
