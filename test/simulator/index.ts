/**
 * A local KSeF 2.0: `start()` serves the API on loopback and returns its base URL with a ready test token.
 * Used by the tests, `npm run simulator`, the demo and the benchmarks.
 */
import { resolveOptions, type SimulatorOverrides } from './options';
import { Simulator } from './simulator';
import { registerAllRoutes } from './routes';

export interface RunningSimulator {
	baseUrl: string;
	/** A KSeF token valid for `nip`. */
	token: string;
	nip: string;
	simulator: Simulator;
	stop(): Promise<void>;
}

export async function start(overrides: SimulatorOverrides = {}): Promise<RunningSimulator> {
	const options = resolveOptions(overrides);
	const simulator = new Simulator(options);
	registerAllRoutes(simulator);
	await simulator.listen();
	const [first] = options.subjects;
	return {
		baseUrl: simulator.baseUrl,
		token: first.token,
		nip: first.nip,
		simulator,
		stop: () => simulator.close(),
	};
}

export type { SimulatorOverrides } from './options';
export { Simulator } from './simulator';
