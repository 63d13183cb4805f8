import { parseErrorBody, parseRetryAfterMs } from '../../src/http/errorBody';

describe('KSeF error bodies', () => {
	it('reads the classic exception shape', () => {
		const parsed = parseErrorBody(400, JSON.stringify({
			exception: {
				exceptionDetailList: [{ exceptionCode: 21405, exceptionDescription: 'Błąd walidacji danych wejściowych.', details: ['invoiceHash: required'] }],
				referenceNumber: '20260101-EE-1234567890-1234567890-12',
				serviceCode: 'svc-1',
				timestamp: '2026-01-01T00:00:00Z',
			},
		}));
		expect(parsed).toEqual({
			exceptions: [{ code: 21405, description: 'Błąd walidacji danych wejściowych.', details: ['invoiceHash: required'] }],
			referenceNumber: '20260101-EE-1234567890-1234567890-12',
			serviceCode: 'svc-1',
		});
	});

	it('reads the 429 status shape and problem details', () => {
		expect(parseErrorBody(429, JSON.stringify({ status: { code: 429, description: 'Too Many Requests', details: ['wait 30 s'] } })).exceptions)
			.toEqual([{ code: 429, description: 'Too Many Requests', details: ['wait 30 s'] }]);
		expect(parseErrorBody(403, JSON.stringify({ title: 'Forbidden', status: 403, detail: 'Brak uprawnień.', reasonCode: 'missing-permissions' })).exceptions)
			.toEqual([{ code: 403, description: 'Brak uprawnień.', details: ['reasonCode: missing-permissions'] }]);
		expect(parseErrorBody(400, JSON.stringify({ title: 'Bad Request', status: 400, errors: [{ code: 21405, description: 'x', details: null }] })).exceptions)
			.toEqual([{ code: 21405, description: 'x', details: [] }]);
	});

	it('keeps a non-JSON body as text instead of failing', () => {
		expect(parseErrorBody(502, '<html>Bad gateway</html>').exceptions[0]).toEqual({ code: 502, description: '<html>Bad gateway</html>', details: [] });
	});

	it('parses Retry-After as seconds or a date', () => {
		expect(parseRetryAfterMs('30')).toBe(30_000);
		expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
		expect(parseRetryAfterMs(undefined)).toBeUndefined();
	});
});
