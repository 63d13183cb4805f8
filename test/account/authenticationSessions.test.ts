import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { clearTokenCache } from '../../src';
import { mapConcurrent } from '../../src/util/mapConcurrent';
import type { RunningSimulator } from '../simulator';
import { executeContext } from '../nodes/support/executeContext';
import { callsSince, clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('Authentication Status across pages of /auth/sessions', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ rateLimits: { enabled: false }, delays: { authPendingMs: 0 } });
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	const redeemedSessions = () => Object.values(sim.simulator.state.authOperations).filter((op) => op.nip === sim.nip && op.redeemed).length;

	it('counts every active session, more than the 100 one page holds, and finds the current one', async () => {
		await mapConcurrent(Array.from({ length: 104 }), 8, () => clientFor(sim).authenticate());
		clearTokenCache();
		const before = sim.simulator.requestLog.length;
		const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
		const [[item]] = await new KsefCheckStatus().execute.call(executeContext({ items: [{ json: {} }], parameters: { operation: 'authStatus' }, credentials }));
		expect(redeemedSessions()).toBe(105);
		expect(item.json.activeSessions).toBe(105);
		expect((item.json.currentSession as { isCurrent: boolean }).isCurrent).toBe(true);
		expect(callsSince(sim, before).filter((call) => call === 'GET /auth/sessions')).toHaveLength(2);
	});

	it('follows the continuation token with smaller pages too', async () => {
		const list = await clientFor(sim).listAuthenticationSessions({ pageSize: 10 });
		expect(list.items).toHaveLength(redeemedSessions());
		expect(new Set(list.items.map((item) => item.referenceNumber)).size).toBe(list.items.length);
	});
});
