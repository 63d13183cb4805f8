/**
 * "Status wysyłki i UPO": session lists and status, the invoices of a session, and UPO downloads — through the
 * API (Bearer token) and through the pre-signed storage links that session and invoice statuses hand out.
 */
import { sha256Base64, type Simulator } from '../simulator';
import { badRequest, exception } from '../errors';
import type { Reply, RequestContext } from '../router';
import { invoiceAt, type SessionRecord } from '../state';
import { parseKsefDateTime } from '../reading/dates';
import { continuationTokenFrom, pageAfter, pageSizeFrom } from '../reading/paging';
import {
	commonStatusOf,
	currentSession,
	invoiceStatusBody,
	lastActivityMs,
	requireSession,
	sessionInvoicesNow,
	sessionListItem,
	sessionStatusBody,
	type CommonSessionStatus,
} from '../reading/sessionView';
import { invoiceUpoXml, sessionUpoXml } from '../reading/upo';
import { storageError, storageRefusal } from '../reading/storageLinks';

function xmlReply(xml: string): Reply {
	const body = Buffer.from(xml, 'utf8');
	return { status: 200, body, contentType: 'application/xml', headers: { 'x-ms-meta-hash': sha256Base64(body) } };
}

function upoNotFound(detail: string) {
	return badRequest(21178, 'Nie znaleziono UPO dla podanych kryteriów.', [detail]);
}

/** Inclusive [from, to] check for an optional pair of date-time query parameters. */
function withinQueryRange(valueMs: number | undefined, query: URLSearchParams, fromName: string, toName: string): boolean {
	const from = query.get(fromName);
	const to = query.get(toName);
	if (from === null && to === null) return true;
	if (valueMs === undefined) return false;
	if (from !== null && valueMs < parseKsefDateTime(from)) return false;
	if (to !== null && valueMs > parseKsefDateTime(to)) return false;
	return true;
}

function listSessions(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const now = sim.now();
	const type = ctx.query.get('sessionType');
	const reference = ctx.query.get('referenceNumber');
	const statuses = new Set([...ctx.query.getAll('statuses'), ...ctx.query.getAll('statuses[]')] as CommonSessionStatus[]);
	const matching = Object.values(sim.state.sessions)
		.filter((s) => s.nip === nip && s.type === type && (reference === null || s.referenceNumber === reference))
		.map((s) => currentSession(sim, s))
		.filter((s) => statuses.size === 0 || statuses.has(commonStatusOf(s.status)))
		.filter((s) => withinQueryRange(Date.parse(s.dateCreated), ctx.query, 'dateCreatedFrom', 'dateCreatedTo'))
		.filter((s) => withinQueryRange(s.closedAtMs, ctx.query, 'dateClosedFrom', 'dateClosedTo'))
		.filter((s) =>
			withinQueryRange(lastActivityMs(s, sessionInvoicesNow(sim, s, now), now), ctx.query, 'dateModifiedFrom', 'dateModifiedTo'),
		);
	// Newest first (the spec: dateCreated Desc); the reference number breaks ties so the order is total.
	const page = pageAfter(
		matching,
		(s: SessionRecord) => [-Date.parse(s.dateCreated), s.referenceNumber],
		continuationTokenFrom(ctx.headers),
		pageSizeFrom(ctx.query),
		`sessions|${nip}|${type}`,
	);
	return {
		status: 200,
		json: {
			...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
			sessions: page.items.map((s) => sessionListItem(sim, s, now)),
		},
	};
}

function listSessionInvoices(sim: Simulator, ctx: RequestContext, failedOnly: boolean): Reply {
	const { nip } = sim.requireAccess(ctx);
	const now = sim.now();
	const session = requireSession(sim, ctx.params.referenceNumber, nip);
	// The list may lag behind the sends (delays.sessionInvoiceListLagMs); the per-invoice status never does.
	const listedBefore = now - sim.options.delays.sessionInvoiceListLagMs;
	const invoices = sessionInvoicesNow(sim, session, now).filter((i) => i.acceptedAtMs <= listedBefore && (!failedOnly || i.status.code >= 400));
	const page = pageAfter(
		invoices,
		(i) => [i.ordinalNumber, i.referenceNumber],
		continuationTokenFrom(ctx.headers),
		pageSizeFrom(ctx.query),
		`${failedOnly ? 'failed' : 'invoices'}|${session.referenceNumber}`,
	);
	return {
		status: 200,
		json: {
			...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
			invoices: page.items.map((i) => invoiceStatusBody(sim, session, i, now)),
		},
	};
}

function sessionInvoice(sim: Simulator, session: SessionRecord, invoiceReferenceNumber: string) {
	const invoice = sim.state.invoices[invoiceReferenceNumber];
	return invoice && invoice.sessionReferenceNumber === session.referenceNumber ? invoice : undefined;
}

function invoiceStatus(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const now = sim.now();
	const session = requireSession(sim, ctx.params.referenceNumber, nip);
	const invoice = sessionInvoice(sim, session, ctx.params.invoiceReferenceNumber);
	// The spec documents no code for an unknown invoice in a known session; KSeF answers such lookups with 404.
	if (!invoice) {
		throw exception(404, 21404, 'Nie znaleziono zasobu.', [
			`Faktura o numerze referencyjnym ${ctx.params.invoiceReferenceNumber} nie została znaleziona w sesji ${session.referenceNumber}.`,
		]);
	}
	return { status: 200, json: invoiceStatusBody(sim, session, invoiceAt(invoice, now), now) };
}

function invoiceUpoByReference(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const session = requireSession(sim, ctx.params.referenceNumber, nip);
	const invoice = sessionInvoice(sim, session, ctx.params.invoiceReferenceNumber);
	const xml = invoice ? invoiceUpoXml(sim, session, invoice, sim.now()) : undefined;
	if (!xml) {
		throw upoNotFound(
			`UPO faktury o numerze referencyjnym ${ctx.params.invoiceReferenceNumber} i numerze referencyjnym sesji ${session.referenceNumber} nie zostało znalezione.`,
		);
	}
	return xmlReply(xml);
}

function invoiceUpoByKsefNumber(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const { referenceNumber, ksefNumber } = ctx.params;
	const notFound = upoNotFound(`UPO o numerze KSeF ${ksefNumber} i numerze referencyjnym sesji ${referenceNumber} nie zostało znalezione.`);
	const stored = sim.state.sessions[referenceNumber];
	// This operation's table lists only 21178, also for a session that is not there.
	if (!stored || stored.nip !== nip) throw notFound;
	const session = currentSession(sim, stored);
	const invoice = session.invoiceReferenceNumbers.map((ref) => sim.state.invoices[ref]).find((i) => i?.ksefNumber === ksefNumber);
	const xml = invoice ? invoiceUpoXml(sim, session, invoice, sim.now()) : undefined;
	if (!xml) throw notFound;
	return xmlReply(xml);
}

function sessionUpo(sim: Simulator, ctx: RequestContext): Reply {
	const { nip } = sim.requireAccess(ctx);
	const session = requireSession(sim, ctx.params.referenceNumber, nip);
	const xml = sessionUpoXml(sim, session, ctx.params.upoReferenceNumber, sim.now());
	if (!xml) {
		throw upoNotFound(
			`UPO o numerze referencyjnym ${ctx.params.upoReferenceNumber} dla sesji ${session.referenceNumber} nie zostało znalezione.`,
		);
	}
	return xmlReply(xml);
}

/** The pre-signed storage links: no token, so the session is found by its reference alone. */
function storedUpo(sim: Simulator, ctx: RequestContext, kind: 'session' | 'invoice'): Reply {
	const { sessionReferenceNumber: sessionRef, upoReferenceNumber, invoiceReferenceNumber } = ctx.params;
	const path = kind === 'session' ? `/storage/upo/${sessionRef}/${upoReferenceNumber}` : `/storage/upo/${sessionRef}/invoice/${invoiceReferenceNumber}`;
	const refusal = storageRefusal(sim, path, ctx);
	if (refusal) return refusal;
	const stored = sim.state.sessions[sessionRef];
	const session = stored ? currentSession(sim, stored) : undefined;
	const invoice = session ? sessionInvoice(sim, session, invoiceReferenceNumber) : undefined;
	const xml = !session
		? undefined
		: kind === 'session'
			? sessionUpoXml(sim, session, upoReferenceNumber, sim.now())
			: invoice && invoiceUpoXml(sim, session, invoice, sim.now());
	return xml ? xmlReply(xml) : storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
}

export function registerStatusRoutes(sim: Simulator): void {
	sim.router.add('GET', '/sessions', (ctx) => listSessions(sim, ctx), { rateLimitGroup: 'sessionList' });
	sim.router.add(
		'GET',
		'/sessions/{referenceNumber}',
		(ctx) => {
			const { nip } = sim.requireAccess(ctx);
			return { status: 200, json: sessionStatusBody(sim, requireSession(sim, ctx.params.referenceNumber, nip), sim.now()) };
		},
		{ rateLimitGroup: 'sessionMisc' },
	);
	sim.router.add('GET', '/sessions/{referenceNumber}/invoices', (ctx) => listSessionInvoices(sim, ctx, false), {
		rateLimitGroup: 'sessionInvoiceList',
	});
	sim.router.add('GET', '/sessions/{referenceNumber}/invoices/failed', (ctx) => listSessionInvoices(sim, ctx, true), {
		rateLimitGroup: 'sessionInvoiceList',
	});
	sim.router.add('GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}', (ctx) => invoiceStatus(sim, ctx), {
		rateLimitGroup: 'invoiceStatus',
	});
	sim.router.add('GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo', (ctx) => invoiceUpoByReference(sim, ctx), {
		rateLimitGroup: 'sessionMisc',
	});
	sim.router.add('GET', '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo', (ctx) => invoiceUpoByKsefNumber(sim, ctx), {
		rateLimitGroup: 'sessionMisc',
	});
	sim.router.add('GET', '/sessions/{referenceNumber}/upo/{upoReferenceNumber}', (ctx) => sessionUpo(sim, ctx), {
		rateLimitGroup: 'sessionMisc',
	});
	sim.router.add('GET', '/storage/upo/{sessionReferenceNumber}/{upoReferenceNumber}', (ctx) => storedUpo(sim, ctx, 'session'), {
		external: true,
	});
	sim.router.add(
		'GET',
		'/storage/upo/{sessionReferenceNumber}/invoice/{invoiceReferenceNumber}',
		(ctx) => storedUpo(sim, ctx, 'invoice'),
		{ external: true },
	);
}
