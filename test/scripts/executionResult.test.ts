import { outputOf, parseExecuteOutput } from '../../scripts/n8n/executionResult';

const result = { status: 'success', finished: true, data: { resultData: { runData: { Code: [{ data: { main: [[{ json: { gross: 123 } }]] } }] }, lastNodeExecuted: 'Code' } } };
const pretty = JSON.stringify(result, null, 2);

describe('parseExecuteOutput', () => {
	it('finds the result after the log lines n8n prints even with --rawOutput', () => {
		const stdout = `n8n Task Broker ready on 127.0.0.1, port 45135\n[license SDK] Skipping renewal on init\n${pretty}\n`;
		expect(parseExecuteOutput(stdout)).toEqual(result);
	});

	it('skips a log line that starts with a brace and ignores lines printed after the result', () => {
		const stdout = `{ not json at all\n${pretty}\nboom [line 1]\n    at workflow-execute.ts:1431:11\n`;
		expect(parseExecuteOutput(stdout)).toEqual(result);
	});

	it('returns undefined when the CLI printed no run result', () => {
		expect(parseExecuteOutput('Error: workflow "x" not found\n{"level":"error"}\n')).toBeUndefined();
	});
});

describe('outputOf', () => {
	it("returns a node's first-output items and names the last node when the node did not run", () => {
		expect(outputOf(result, 'Code')).toEqual([{ json: { gross: 123 } }]);
		expect(() => outputOf(result, 'Missing')).toThrow(/did not run. Last node: Code/);
	});
});
