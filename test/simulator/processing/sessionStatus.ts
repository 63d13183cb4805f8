/**
 * A session's status derived from its timestamps and its invoices, so it reads the same after a restart:
 * online 100 (open) → 170 (closed, processing) → 200 (processed, UPO ready), 445 (nothing valid) or 440 (closed empty);
 * batch 100 (open, waiting for parts) → 150 (processing the package) → 200 / 445, or 440 when never closed
 * in time, or the package's own failure (405, 415, 430, 435, …).
 */
import type { Simulator } from '../simulator';
import { invoiceAt, type SessionRecord, type StatusInfo } from '../state';
import { toWarsawIso } from '../reading/dates';

const status = (code: number, description: string, details?: string[]): StatusInfo => (details ? { code, description, details } : { code, description });

export function refreshSessionStatus(sim: Simulator, session: SessionRecord): SessionRecord {
	const nowMs = sim.now();
	const next = derive(sim, session, nowMs);
	if (next.code !== session.status.code) {
		session.status = next;
		session.dateUpdated = toWarsawIso(nowMs);
	}
	return session;
}

function derive(sim: Simulator, session: SessionRecord, nowMs: number): StatusInfo {
	if (session.status.code === 440) return session.status;
	if (!session.closed) {
		if (session.type === 'Batch' && nowMs - Date.parse(session.dateCreated) >= sim.options.limits.unclosedBatchTimeoutMs) {
			return status(440, 'Sesja anulowana', ['Przekroczono czas wysyłki: sesja wsadowa nie została zamknięta.']);
		}
		if (session.type === 'Online' && nowMs >= Date.parse(session.validUntil)) return closedStatus(sim, session, Date.parse(session.validUntil), nowMs);
		return status(100, session.type === 'Online' ? 'Sesja interaktywna otwarta' : 'Sesja wsadowa rozpoczęta');
	}
	if (session.type === 'Batch') {
		if (session.processingDoneAtMs === undefined || nowMs < session.processingDoneAtMs) return status(150, 'Trwa przetwarzanie');
		if (session.packageFailure) return session.packageFailure;
		return closedStatus(sim, session, session.processingDoneAtMs, nowMs);
	}
	return closedStatus(sim, session, session.closedAtMs ?? nowMs, nowMs);
}

function closedStatus(sim: Simulator, session: SessionRecord, closedMs: number, nowMs: number): StatusInfo {
	const invoices = session.invoiceReferenceNumbers.map((ref) => sim.state.invoices[ref]).filter((invoice) => invoice !== undefined);
	const current = invoices.map((invoice) => invoiceAt(invoice, nowMs));
	const lastFinalMs = Math.max(closedMs, ...invoices.map((invoice) => invoice.finalAtMs));
	const busy = current.some((invoice) => invoice.status.code < 200);
	if (busy || nowMs < lastFinalMs + sim.options.delays.sessionUpoMs) {
		return session.type === 'Online' ? status(170, 'Sesja interaktywna zamknięta') : status(150, 'Trwa przetwarzanie');
	}
	if (invoices.length === 0 && session.type === 'Online') return status(440, 'Sesja anulowana', ['Nie przesłano faktur']);
	if (invoices.length > 0 && !current.some((invoice) => invoice.status.code === 200)) {
		return status(445, 'Błąd weryfikacji, brak poprawnych faktur');
	}
	return status(200, session.type === 'Online' ? 'Sesja interaktywna przetworzona pomyślnie' : 'Sesja wsadowa przetworzona pomyślnie');
}
