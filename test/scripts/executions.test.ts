import { unflatten } from '../../scripts/n8n/executions';
import { backfillFrom, loadExample } from '../../scripts/n8n/workflows';

describe('unflatten (n8n REST run data)', () => {
	it('reads what n8n’s "flatted" wrote: shared objects once, strings that look like numbers, plain values', () => {
		// Made by flatted.stringify (the module n8n uses) from run data whose one node emitted the same item twice.
		const text =
			'[{"resultData":"1"},{"runData":"2","lastNodeExecuted":"3"},{"T":"4"},"T",["5"],{"data":"6"},{"main":"7"},["8"],["9","9"],{"json":"10","binary":"11"},{"ksefNumber":"12","gross":2051,"paid":true,"note":null,"lines":"13"},{"data":"14"},"9999999999-20261202-00000801567E-D3",["15","15","16"],{"id":"17","fileName":"18"},"a","1","filesystem-v2:x","a.xml"]';
		const item = { json: { ksefNumber: '9999999999-20261202-00000801567E-D3', gross: 2051, paid: true, note: null, lines: ['a', 'a', '1'] }, binary: { data: { id: 'filesystem-v2:x', fileName: 'a.xml' } } };
		const data = unflatten(text) as { resultData: { runData: { T: Array<{ data: { main: unknown[][] } }> } } };
		expect(data).toEqual({ resultData: { runData: { T: [{ data: { main: [[item, item]] } }] }, lastNodeExecuted: 'T' } });
		const [first, second] = data.resultData.runData.T[0].data.main[0];
		expect(first).toBe(second);
	});
});

describe('backfillFrom', () => {
	it('sets the named KSeF Trigger to start from a date and leaves the example file’s other settings alone', () => {
		const example = loadExample('purchase-invoice-sync.json', '/tmp/invoices');
		const changed = backfillFrom(example, 'New purchase invoices', '2026-12-01T00:00:00.000Z');
		const trigger = (changed.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((node) => node.name === 'New purchase invoices');
		expect(trigger?.parameters).toMatchObject({ start: 'date', startDate: '2026-12-01T00:00:00.000Z', subjectTypes: ['Subject2'], includeXml: true });
		expect((example.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((node) => node.name === 'New purchase invoices')?.parameters.start).toBe('now');
		expect(() => backfillFrom(example, 'Spreadsheet row', '2026-12-01')).toThrow('no KSeF Trigger named "Spreadsheet row"');
	});
});
