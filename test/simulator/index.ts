/**
 * A local KSeF 2.0: `start()` serves the API on loopback and returns its base URL with a ready test token.
 * Used by the tests, `npm run simulator`, the demo and the benchmarks.
 */
import { resolveOptions, type SimulatorOverrides } from './options';
import { createPrivateKey } from 'node:crypto';
import { Simulator } from './simulator';
import { registerAllRoutes } from './routes';

export interface RunningSimulator {
	baseUrl: string;
	/** A KSeF token valid for `nip`. */
	token: string;
	nip: string;
	/** A KSeF Authentication certificate for `nip` (a person with TINPL-<nip>), as the KSeF application issues one. */
	certificate: SimulatorCertificate;
	simulator: Simulator;
	stop(): Promise<void>;
}

export interface SimulatorCertificate {
	certificatePem: string;
	/** PKCS#8, encrypted with `password` (the KSeF application encrypts the key it hands out). */
	privateKeyPem: string;
	password: string;
	fingerprint: string;
}

/** A fixed password: the demo and `npm run simulator` print it next to the key, and it protects nothing real. */
export const SIMULATOR_KEY_PASSWORD = 'simulator-key-password';

export async function start(overrides: SimulatorOverrides = {}): Promise<RunningSimulator> {
	const options = resolveOptions(overrides);
	const simulator = new Simulator(options);
	registerAllRoutes(simulator);
	await simulator.listen();
	const [first] = options.subjects;
	const issued = simulator.issueCertificate({ subject: { person: { givenName: 'Anna', surname: 'Testowa', nip: first.nip } }, keyType: 'ec' });
	const encryptedKey = createPrivateKey(issued.privateKeyPem)
		.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: SIMULATOR_KEY_PASSWORD })
		.toString();
	return {
		baseUrl: simulator.baseUrl,
		token: first.token,
		nip: first.nip,
		certificate: { certificatePem: issued.certificatePem, privateKeyPem: encryptedKey, password: SIMULATOR_KEY_PASSWORD, fingerprint: issued.fingerprint },
		simulator,
		stop: () => simulator.close(),
	};
}

export type { SimulatorOverrides } from './options';
export { Simulator } from './simulator';
