/**
 * What KSeF checks after it has taken an invoice in (the asynchronous part, reported through the invoice's
 * status): well-formed FA(3), the XSD, attachments, the seller's identity, the issue date, duplicates.
 * XSD checks are collected per tick and run in one xmllint call, so a batch of thousands stays fast.
 */
import { inspectInvoice, type InvoiceFacts } from '../../../src/fa3/inspect';
import { validateFa3Many } from '../../../src/fa3/validate';
import type { Simulator } from '../simulator';
import type { InvoiceRecord, SessionRecord, StatusInfo } from '../state';
import { toWarsawIso } from '../reading/dates';
import { extractMetadata } from './metadata';
import { nextKsefNumber } from './ksefNumbers';

const ATTACHMENT_ONLINE: StatusInfo = {
	code: 415,
	description: 'Brak możliwości wysyłania faktury z załącznikiem',
	details: ['Wysylanie faktury z zalacznikiem w trybie interaktywnym nie jest dozwolone'],
};

interface Pending {
	invoice: InvoiceRecord;
	session: SessionRecord;
	xml: string;
}

interface VerificationQueue {
	pending: Pending[];
	running: boolean;
}

const queues = new WeakMap<Simulator, VerificationQueue>();

/** Collects invoices for a moment and verifies them together; one xmllint run at a time, however fast they arrive. */
export function scheduleVerification(sim: Simulator, session: SessionRecord, invoice: InvoiceRecord, xml: string): void {
	let queue = queues.get(sim);
	if (!queue) {
		queue = { pending: [], running: false };
		queues.set(sim, queue);
	}
	queue.pending.push({ invoice, session, xml });
	if (!queue.running && queue.pending.length === 1) sim.schedule(COLLECT_MS, () => drain(sim));
}

/**
 * After a restart with --state: invoices taken in but not yet verified (the queue lives in memory) are queued
 * again, as KSeF resumes its processing; their XML is kept until verification ends.
 */
export function resumeVerification(sim: Simulator): void {
	for (const invoice of Object.values(sim.state.invoices)) {
		const session = sim.state.sessions[invoice.sessionReferenceNumber];
		if (invoice.finalAtMs !== Number.MAX_SAFE_INTEGER || !invoice.xml || !session) continue;
		if (Buffer.from(session.iv, 'base64').length !== 16) continue;
		scheduleVerification(sim, session, invoice, Buffer.from(invoice.xml, 'base64').toString('utf8'));
	}
}

const COLLECT_MS = 20;
const CHUNK = 500;

async function drain(sim: Simulator): Promise<void> {
	const queue = queues.get(sim);
	if (!queue || queue.running) return;
	queue.running = true;
	try {
		while (queue.pending.length > 0) {
			const chunk = queue.pending.splice(0, CHUNK);
			const schemaResults = sim.options.validateXsd ? await validateFa3Many(chunk.map((entry) => entry.xml)) : chunk.map(() => ({ valid: true as const }));
			chunk.forEach((entry, i) => {
				const schema = schemaResults[i];
				const schemaProblem: StatusInfo | undefined = schema.valid
					? undefined
					: {
							code: 450,
							description: 'Błąd weryfikacji semantyki dokumentu faktury',
							details: schema.errors.slice(0, 5).map((error) => `${error.line ? `Linia ${error.line}: ` : ''}${error.message}`),
						};
				settle(sim, entry, schemaProblem);
			});
			// A KSeF number a client may already have read must survive a crash of the simulator.
			sim.persist();
		}
	} finally {
		queue.running = false;
	}
}

function settle(sim: Simulator, { invoice, session, xml }: Pending, schemaProblem: StatusInfo | undefined): void {
	const nowMs = sim.now();
	// Batch invoices are processed in parallel, so their results land in any order.
	const jitter = session.type === 'Batch' ? Math.floor(sim.random() * sim.options.delays.invoiceProcessingMs) : 0;
	const planned = invoice.processingAtMs + sim.options.delays.invoiceProcessingMs + sim.options.delays.prolonged150Ms + jitter;
	invoice.finalAtMs = Math.max(planned, nowMs);
	// The invoice is read once; the rules, the duplicate key and the registration all use these facts.
	let facts: InvoiceFacts | undefined;
	let verdict = schemaProblem;
	if (!verdict) {
		try {
			facts = inspectInvoice(xml);
			verdict = businessProblem(sim, session, facts, invoice);
		} catch (error) {
			verdict = { code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury', details: [(error as Error).message] };
		}
	}
	if (verdict || !facts) {
		invoice.finalStatus = verdict ?? { code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury' };
		// Only accepted invoices can be downloaded; the rest need not be kept.
		invoice.xml = undefined;
		return;
	}
	const metadata = extractMetadata(xml);
	const acceptedMs = invoice.finalAtMs;
	invoice.ksefNumber = nextKsefNumber(sim, metadata.seller.nip, acceptedMs);
	invoice.invoiceNumber = metadata.invoiceNumber;
	invoice.acquisitionDate = toWarsawIso(acceptedMs);
	invoice.permanentStorageDate = toWarsawIso(acceptedMs + 1);
	invoice.metadata = { ...metadata, hashOfCorrectedInvoice: invoice.hashOfCorrectedInvoice ?? null };
	invoice.finalStatus = { code: 200, description: 'Sukces' };
	sim.state.ksefNumbers[invoice.ksefNumber] = invoice.referenceNumber;
	sim.state.duplicateKeys[duplicateKey(metadata.seller.nip, facts)] = invoice.ksefNumber;
}

/** The first business rule the invoice breaks, or undefined. Runs synchronously, so duplicate checks cannot race. */
function businessProblem(sim: Simulator, session: SessionRecord, facts: InvoiceFacts, invoice: InvoiceRecord): StatusInfo | undefined {
	if (facts.hasAttachment && session.type === 'Online') return ATTACHMENT_ONLINE;
	if (facts.hasAttachment && !attachmentAllowed(sim, session.nip)) {
		return {
			code: 410,
			description: `Sprzedawca ${session.nip} nie posiada zgody do wysylania faktur z zalacznikami`,
		};
	}
	if (facts.sellerNip !== session.nip) {
		return {
			code: 410,
			description: 'Nieprawidłowy zakres uprawnień',
			details: [`NIP sprzedawcy (${facts.sellerNip ?? 'brak'}) nie jest zgodny z kontekstem sesji (${session.nip}).`],
		};
	}
	const today = toWarsawIso(sim.now()).slice(0, 10);
	if (facts.issueDate && facts.issueDate > today) {
		return {
			code: 450,
			description: 'Błąd weryfikacji semantyki dokumentu faktury',
			details: [`Data wystawienia faktury (P_1 = ${facts.issueDate}) nie może być późniejsza niż data przyjęcia (${today}).`],
		};
	}
	const original = sim.state.duplicateKeys[duplicateKey(session.nip, facts)];
	if (original) {
		const originalRecord = sim.state.invoices[sim.state.ksefNumbers[original] ?? ''];
		return {
			code: 440,
			description: 'Duplikat faktury',
			details: [`Faktura o numerze ${facts.invoiceNumber} została już przyjęta z numerem KSeF ${original}.`],
			extensions: { originalKsefNumber: original, originalSessionReferenceNumber: originalRecord?.sessionReferenceNumber ?? null },
		};
	}
	const cancel = session.type === 'Online' ? sim.cancellationsLeft > 0 : sim.batchCancellationsLeft > 0;
	if (cancel) {
		if (session.type === 'Online') sim.cancellationsLeft -= 1;
		else sim.batchCancellationsLeft -= 1;
		sim.countInjection('cancelled550');
		return { code: 550, description: 'Operacja została anulowana przez system', details: ['Przetwarzanie zostało przerwane. Ponów operację.'] };
	}
	if (!invoice.invoiceHash) return { code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury' };
	return undefined;
}

/** KSeF's identity of an invoice: seller NIP, invoice type (RodzajFaktury) and number (P_2). */
function duplicateKey(sellerNip: string, facts: InvoiceFacts): string {
	return `${sellerNip}|${facts.invoiceType ?? ''}|${facts.invoiceNumber ?? ''}`;
}

export function attachmentAllowed(sim: Simulator, nip: string): boolean {
	const subject = sim.state.subjects[nip];
	if (!subject?.attachmentAllowed) return false;
	return !subject.attachmentRevokedDate || Date.parse(subject.attachmentRevokedDate) > sim.now();
}
