import type { IExecuteFunctions } from 'n8n-workflow';
import { KsefCheckStatus } from '../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import type { SystemWarning } from '../../src';
import { parseSystemWarnings } from '../../src/http/systemWarning';
import { executeContext } from '../nodes/support/executeContext';
import { clientFor, expectSpecCompliance, startSimulator } from '../support/simulatorClient';

describe('X-System-Warning (KSeF 2.6)', () => {
	it('reads the documented format, several warnings in one header, and passes an unformatted one on whole', () => {
		expect(parseSystemWarnings('[W1]: first | [W2]: second', 'GET /x')).toEqual([
			{ code: 'W1', message: 'first', request: 'GET /x' },
			{ code: 'W2', message: 'second', request: 'GET /x' },
		]);
		expect(parseSystemWarnings('plain text', 'GET /x')).toEqual([{ message: 'plain text', request: 'GET /x' }]);
		expect(parseSystemWarnings('  ', 'GET /x')).toEqual([]);
	});

	it('the client reports what the simulator returns for X-Test-System-Warning, on success and on error', async () => {
		const sim = await startSimulator();
		try {
			const warnings: SystemWarning[] = [];
			const client = clientFor(sim, { onSystemWarning: (warning) => warnings.push(warning) });
			const forced = { 'X-Test-System-Warning': '[T1]: Zadanie moze zostac odrzucone w przyszlosci | [T2]: druga' };
			await client.api.json({ method: 'GET', path: '/limits/context', headers: forced });
			await client.api.json({ method: 'GET', path: '/sessions/20260101-SO-0000000000-0000000000-00', headers: forced }).catch(() => undefined);
			expect(warnings).toEqual([
				{ code: 'T1', message: 'Zadanie moze zostac odrzucone w przyszlosci', request: 'GET /limits/context' },
				{ code: 'T2', message: 'druga', request: 'GET /limits/context' },
				{ code: 'T1', message: 'Zadanie moze zostac odrzucone w przyszlosci', request: 'GET /sessions/20260101-SO-0000000000-0000000000-00' },
				{ code: 'T2', message: 'druga', request: 'GET /sessions/20260101-SO-0000000000-0000000000-00' },
			]);
			expectSpecCompliance(sim);
		} finally {
			await sim.stop();
		}
	});

	it('a node shows each warning once as an execution hint (ASCII-folded as KSeF sends it) and logs every one at debug level', async () => {
		const sim = await startSimulator({ systemWarning: '[TLS12]: Połączenia TLS 1.2 będą odrzucane od 2027-01-01' });
		try {
			const credentials = { environment: 'custom', baseUrl: sim.baseUrl, token: sim.token, nip: sim.nip };
			const ctx = executeContext({ items: [{ json: {} }, { json: {} }], parameters: { operation: 'authStatus' }, credentials });
			const [items] = await new KsefCheckStatus().execute.call(ctx);
			expect(items).toHaveLength(2);
			const hints = jest.mocked(ctx.addExecutionHints).mock.calls.flat();
			expect(hints).toEqual([{ message: expect.stringMatching(/^KSeF warning \[TLS12\] on .*: Polaczenia TLS 1\.2 beda odrzucane od 2027-01-01$/), type: 'warning', location: 'outputPane' }]);
			expect(jest.mocked((ctx as IExecuteFunctions).logger.debug).mock.calls.length).toBeGreaterThan(1);
			expectSpecCompliance(sim);
		} finally {
			await sim.stop();
		}
	});
});
