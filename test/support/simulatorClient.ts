import { clearTokenCache, KsefClient, type KsefClientOptions } from '../../src';
import { forgetCertificates } from '../../src/auth/certificates';
import { start, type RunningSimulator, type SimulatorOverrides } from '../simulator';
import type { ApiRateLimitGroup } from '../simulator/options';
import { PRD_RATE_LIMITS } from '../simulator/rateLimits';

/** The API calls a client made, as `METHOD template`, from the simulator's log. */
export function callsSince(sim: RunningSimulator, from: number): string[] {
	return sim.simulator.requestLog.slice(from).map((entry) => `${entry.method} ${entry.template}`);
}

export async function startSimulator(overrides: SimulatorOverrides = {}): Promise<RunningSimulator> {
	clearTokenCache();
	const sim = await start({ port: 0, validateResponses: true, ...overrides });
	// A new simulator may get the port of one stopped earlier in the same file; its keys are new.
	forgetCertificates(sim.baseUrl);
	return sim;
}

export function clientFor(sim: RunningSimulator, options: Partial<KsefClientOptions> = {}): KsefClient {
	return new KsefClient({ baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip, ...options });
}

/** What every simulator-backed test ends with: our requests and the simulator's answers obeyed openapi.json. */
export function expectSpecCompliance(sim: RunningSimulator): void {
	expect(sim.simulator.requestViolations).toEqual([]);
	expect(sim.simulator.responseViolations).toEqual([]);
}

/**
 * What TEST offers for tests that call more often than a user would (POST /testdata/rate-limits): PRD's limits,
 * the simulator's default as TEST's since API 2.5.0, with `groups` raised.
 */
export async function raiseRateLimits(client: KsefClient, groups: ApiRateLimitGroup[]): Promise<void> {
	const raised = { perSecond: 100, perMinute: 1_000, perHour: 10_000 };
	const rateLimits = { ...PRD_RATE_LIMITS, ...Object.fromEntries(groups.map((group) => [group, raised])) };
	await client.api.json({ method: 'POST', path: '/testdata/rate-limits', json: { rateLimits } });
}
