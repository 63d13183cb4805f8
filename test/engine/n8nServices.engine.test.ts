import type { RunningSimulator } from '../simulator';
import { expectSpecCompliance, startSimulator } from '../support/simulatorClient';
import { Container, PACKAGE, runWorkflow } from './support/engine';
import { version } from '../../package.json';

// The same singletons n8n-core's execution context reads (loaded after ./support/engine set N8N_USER_FOLDER).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Logger } = require('@n8n/backend-common') as typeof import('@n8n/backend-common');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SsrfProtectionConfig } = require('@n8n/config') as typeof import('@n8n/config');

const query = { name: 'Query', type: `${PACKAGE}.ksefQueryInvoices`, parameters: { subjectType: 'Subject1', dateType: 'PermanentStorage', returnAll: false, limit: 1 } };

describe('the services n8n gives nodes, used by our own HTTP client', () => {
	let sim: RunningSimulator;
	let credentials: Record<string, string>;
	beforeAll(async () => {
		sim = await startSimulator();
		credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
	});
	afterAll(async () => {
		expectSpecCompliance(sim);
		await sim.stop();
	});

	it('every request carries n8n’s User-Agent and the package’s name and version, and is logged at debug level without headers or bodies', async () => {
		// n8n's Logger freezes its methods, so the execution context is handed one that records what it is told.
		const original = Container.get(Logger);
		const debug = jest.fn<void, [string, Record<string, unknown>?]>();
		const ignore = () => undefined;
		const recording = { debug, info: ignore, warn: ignore, error: ignore, scoped: () => recording } as unknown as typeof original;
		const from = sim.simulator.requestLog.length;
		Container.set(Logger, recording);
		try {
			const result = await runWorkflow([{ json: {} }], [query], credentials);
			expect(result.error).toBeUndefined();
		} finally {
			Container.set(Logger, original);
		}
		const requests = sim.simulator.requestLog.slice(from);
		expect(requests.length).toBeGreaterThan(3);
		expect(new Set(requests.map((entry) => entry.userAgent))).toEqual(new Set([`n8n n8n-nodes-ksef/${version}`]));

		const lines = debug.mock.calls.filter(([message]) => String(message).startsWith('KSeF '));
		expect(lines.length).toBe(requests.length);
		expect(lines.map(([message]) => message)).toContainEqual(expect.stringMatching(/^KSeF POST \/auth\/ksef-token → 202 \(attempt 1, \d+ ms\)$/));
		for (const [, metadata] of lines) expect(Object.keys(metadata ?? {}).sort()).toEqual(['attempt', 'durationMs', 'method', 'path', 'status']);
		expect(JSON.stringify(debug.mock.calls)).not.toContain(sim.token);
	});

	it('with n8n’s SSRF protection on, the simulator on 127.0.0.1 is refused before any request, saying what to change', async () => {
		const ssrf = Container.get(SsrfProtectionConfig);
		const from = sim.simulator.requestLog.length;
		ssrf.enabled = true;
		try {
			const result = await runWorkflow([{ json: {} }], [query], credentials);
			expect(result.error?.message).toMatch(/^n8n's outbound request policy refused (GET|POST) http:\/\/127\.0\.0\.1:\d+\/v2\/\S+: The request was blocked because it resolves to a restricted IP address \[item 0\]$/);
			expect(result.error?.description).toMatch(/N8N_SSRF_ALLOWED_HOSTNAMES/);
			expect(sim.simulator.requestLog.length).toBe(from);
		} finally {
			ssrf.enabled = false;
		}
		// n8n's default (protection off) lets the same workflow through.
		expect((await runWorkflow([{ json: {} }], [query], credentials)).error).toBeUndefined();
	});
});
