/**
 * The faults of issue 11, each as simulator knobs (deterministic with the seed), run against Send Invoice and
 * Batch Send. Probabilities are seeded, so a run injects the same faults into the same requests each time
 * (up to the order concurrent requests arrive in).
 */
import type { FaultRule, SimulatorOverrides } from '../../test/simulator/options';
import type { Simulator } from '../../test/simulator/simulator';

export type NodeUnderTest = 'Send Invoice' | 'Batch Send';

export interface Scenario {
	fault: string;
	node: NodeUnderTest;
	invoices: number;
	simulator: SimulatorOverrides;
	/** Node options (Max Wait etc.) on top of the defaults in runScenario. */
	options?: Record<string, unknown>;
	/** Restart the simulator (same port, same state directory) as soon as this holds, checked every 10 ms. */
	restartWhen?: (sim: Simulator) => boolean;
	/** Something KSeF does mid-run (e.g. the token is revoked), as soon as `when` holds. */
	midRun?: { when: (sim: Simulator) => boolean; act: (sim: Simulator) => void };
}

const SEND = { method: 'POST', path: '/sessions/online/{referenceNumber}/invoices' };
const ONLINE_OPEN = { method: 'POST', path: '/sessions/online' };
const ONLINE_CLOSE = { method: 'POST', path: '/sessions/online/{referenceNumber}/close' };
const BATCH_OPEN = { method: 'POST', path: '/sessions/batch' };
const BATCH_CLOSE = { method: 'POST', path: '/sessions/batch/{referenceNumber}/close' };
const READS = [
	{ method: 'GET', path: '/sessions/{referenceNumber}' },
	{ method: 'GET', path: '/sessions/{referenceNumber}/invoices' },
	{ method: 'GET', path: '/sessions/{referenceNumber}/invoices/failed' },
	{ method: 'GET', path: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}' },
];

const rule = (match: FaultRule['match'], fault: FaultRule['fault'], how: Pick<FaultRule, 'times' | 'skip' | 'probability'>): FaultRule => ({ match, fault, ...how });

/** Each fault for both nodes (where it applies), at `n` invoices (batch: twice that where parts matter). */
export function scenarios(n: number): Scenario[] {
	const both = (fault: string, simulator: SimulatorOverrides, extra: Partial<Scenario> = {}): Scenario[] => [
		{ fault, node: 'Send Invoice', invoices: n, simulator, ...extra },
		{ fault, node: 'Batch Send', invoices: n, simulator, ...extra },
	];
	return [
		...both('none', {}),
		{ fault: 'send answer lost (10%)', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(SEND, { kind: 'lostAnswer' }, { probability: 0.1 })] } },
		{ fault: '5xx after send did its work (10%)', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(SEND, { kind: 'statusAfter', status: 502 }, { probability: 0.1 })] } },
		{
			fault: 'send answer lost + invoice list lagging 3 s',
			node: 'Send Invoice',
			invoices: n,
			simulator: { delays: { sessionInvoiceListLagMs: 3_000 }, faults: [rule(SEND, { kind: 'lostAnswer' }, { probability: 0.05 })] },
		},
		{
			fault: 'send answer lost + invoice list lagging 20 s',
			node: 'Send Invoice',
			invoices: n,
			simulator: { delays: { sessionInvoiceListLagMs: 20_000 }, faults: [rule(SEND, { kind: 'lostAnswer' }, { times: 2, skip: 5 })] },
		},
		...both('5xx bursts on status reads (30%)', { faults: READS.map((match) => rule(match, { kind: 'status', status: 503 }, { probability: 0.3 })) }),
		...both('status reads down for the whole wait', { faults: READS.map((match) => rule(match, { kind: 'status', status: 503 }, {})) }, { options: { maxWaitSeconds: 8 } }),
		...both('Retry-After 10 min on status reads', { faults: READS.map((match) => rule(match, { kind: 'status', status: 429, retryAfterSeconds: 600 }, { times: 3 })) }, { options: { maxWaitSeconds: 20 } }),
		{ fault: '550 cancellations (10)', node: 'Send Invoice', invoices: n, simulator: { processingCancellations: 10 } },
		{ fault: '550 cancellations (10)', node: 'Batch Send', invoices: n, simulator: { batchCancellations: 10 } },
		{ fault: 'open answer lost', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(ONLINE_OPEN, { kind: 'lostAnswer' }, { times: 1 })] } },
		{ fault: 'open answer lost', node: 'Batch Send', invoices: n, simulator: { faults: [rule(BATCH_OPEN, { kind: 'lostAnswer' }, { times: 1 })] } },
		{ fault: 'close answer lost', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(ONLINE_CLOSE, { kind: 'lostAnswer' }, { times: 1 })] } },
		{ fault: 'close answer lost', node: 'Batch Send', invoices: n, simulator: { faults: [rule(BATCH_CLOSE, { kind: 'lostAnswer' }, { times: 1 })] } },
		{ fault: '5xx after close did its work', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(ONLINE_CLOSE, { kind: 'statusAfter', status: 500 }, { times: 1 })] } },
		{ fault: '5xx after close did its work', node: 'Batch Send', invoices: n, simulator: { faults: [rule(BATCH_CLOSE, { kind: 'statusAfter', status: 500 }, { times: 1 })] } },
		{ fault: 'close refused for good (503)', node: 'Send Invoice', invoices: n, simulator: { faults: [rule(ONLINE_CLOSE, { kind: 'status', status: 503 }, {})] } },
		{ fault: 'close refused for good (503)', node: 'Batch Send', invoices: n, simulator: { faults: [rule(BATCH_CLOSE, { kind: 'status', status: 503 }, {})] }, options: { maxWaitSeconds: 5 } },
		{
			fault: 'part upload answers lost (20%)',
			node: 'Batch Send',
			invoices: n * 2,
			simulator: { faults: [rule({ method: 'PUT', path: 'upload' }, { kind: 'lostAnswer' }, { probability: 0.2 })] },
		},
		// Half the invoices taken in: the KSeF token is revoked and every access token it gave stops working.
		...both('KSeF token revoked mid-run', {}, { options: { maxWaitSeconds: 10 }, midRun: { when: (sim) => Object.keys(sim.state.invoices).length >= n / 2 || Object.values(sim.state.sessions).some((session) => session.type === 'Batch'), act: revokeToken } }),
		...both('key rotation before the session opens', { keyRotationAtRequest: 7 }),
		...both('access token dies 119.8 s early', { tokens: { accessTokenTtlMs: 120_000, accessTokenEarlyExpiryMs: 119_800 } }),
		{
			fault: 'part uploads 503 (20%)',
			node: 'Batch Send',
			invoices: n * 2,
			simulator: { faults: [rule({ method: 'PUT', path: 'upload' }, { kind: 'status', status: 503 }, { probability: 0.2 })] },
		},
		// Half the invoices taken in (most still being verified), or the batch just closed (its package unprocessed).
		{ fault: 'simulator restart mid-run', node: 'Send Invoice', invoices: n, simulator: {}, restartWhen: (sim) => Object.keys(sim.state.invoices).length >= n / 2 },
		{ fault: 'simulator restart mid-run', node: 'Batch Send', invoices: n, simulator: {}, restartWhen: (sim) => Object.values(sim.state.sessions).some((session) => session.closed) },
	];
}

function revokeToken(sim: Simulator): void {
	for (const subject of Object.values(sim.state.subjects)) subject.tokenHashes = [];
	for (const operation of Object.values(sim.state.authOperations)) operation.revoked = true;
	for (const token of Object.keys(sim.state.tokens)) delete sim.state.tokens[token];
}
