import type { Simulator } from '../simulator';

export function registerSecurityRoutes(sim: Simulator): void {
	// The guide notes KSeF sends no fingerprint field here (contrary to older docs); neither do we.
	sim.router.add('GET', '/security/public-key-certificates', () => ({ status: 200, json: sim.keys.certificates }), {
		rateLimitGroup: 'other',
	});
}
