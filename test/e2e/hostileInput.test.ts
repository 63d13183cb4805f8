/**
 * The hostile and mistaken inputs of test/nodes/support/hostileInputs.ts once more, in a real n8n (2.41.1), with
 * what n8n shows asserted for each On Error setting: its engine routes our error items to the error output, keeps
 * them on the main output, or stops the workflow with our message; connection errors keep our words although n8n
 * rewrites messages that contain ECONNREFUSED; rejected invoices reach the error output with a hint.
 */
import { makeInvoice, uniqueInvoiceNumber } from '../support/invoices';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE_INPUTS, type HostileInput } from '../nodes/support/hostileInputs';
import { start, type RunningSimulator } from '../simulator';
import { outputOf, useN8nHome, type ExecutionResult, type N8nHome, type OutputItem, type WorkflowJson } from './support/n8n';

jest.setTimeout(20 * 60_000);

const CREDENTIAL = { ksefApi: { id: 'ksefHostile', name: 'KSeF (hostile input)' } };

interface SendSpec {
	name: string;
	onError?: string;
	options?: Record<string, unknown>;
	credentials?: unknown;
}

/**
 * Where the invoices come from: XML files read from disk (binary, so n8n's run data holds only references: a
 * 700 KB document in the run data made `n8n execute` print a result too large to read back), or values an
 * expression hands over as they are (a number, an object, null).
 */
type Source = { name: string; files: string; sends: SendSpec[] } | { name: string; values: unknown[]; sends: SendSpec[] };

/** Manual trigger → each source → its KSeF Send Invoice nodes → a No Op per output, so what n8n routed where is in the run data. */
function workflow(id: string, sources: Source[]): WorkflowJson {
	const nodes: unknown[] = [{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = { Start: { main: [sources.map((source) => ({ node: source.name, type: 'main', index: 0 }))] } };
	sources.forEach((source, row) => {
		const fromFiles = 'files' in source;
		nodes.push(
			fromFiles
				? { id: `r${row}`, name: source.name, type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [200, row * 600], parameters: { operation: 'read', fileSelector: source.files, options: {} } }
				: { id: `r${row}`, name: source.name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, row * 600], parameters: { jsCode: `return ${JSON.stringify(source.values)}.map((xml) => ({ json: { xml } }));` } },
		);
		connections[source.name] = { main: [source.sends.map((send) => ({ node: send.name, type: 'main', index: 0 }))] };
		source.sends.forEach((send, index) => {
			nodes.push({
				id: `s${row}${index}`,
				name: send.name,
				type: 'n8n-nodes-ksef.ksefSendInvoice',
				typeVersion: 1,
				position: [400, row * 600 + index * 200],
				parameters: fromFiles
					? { invoiceSource: 'binary', binaryPropertyName: 'data', options: send.options ?? {} }
					: { invoiceSource: 'text', invoiceXml: '={{ $json.xml }}', options: send.options ?? {} },
				credentials: send.credentials ?? CREDENTIAL,
				...(send.onError ? { onError: send.onError } : {}),
			});
			const outputs = send.onError === 'continueErrorOutput' ? ['Success', 'Error'] : ['Success'];
			nodes.push(
				...outputs.map((output, slot) => ({ id: `n${row}${index}${slot}`, name: `${send.name} → ${output}`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [650, row * 600 + index * 200 + slot * 100], parameters: {} })),
			);
			connections[send.name] = { main: outputs.map((output) => [{ node: `${send.name} → ${output}`, type: 'main', index: 0 }]) };
		});
	});
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** Cases whose value is text go through files; the others (and blank text, which a file reader does not trim) through an expression. */
const isFileCase = (input: HostileInput) => typeof input.value === 'string' && input.value.trim() !== '';

/** What reached a No Op node: the items n8n routed to that output. */
function received(result: ExecutionResult, nodeName: string): OutputItem[] {
	return result.data.resultData.runData[nodeName]?.flatMap((run) => run.data?.main[0] ?? []) ?? [];
}

describe('hostile and mistaken input in a real n8n', () => {
	const n8n = useN8nHome({ installProject: true });
	let simulator: RunningSimulator;
	let home: N8nHome;
	const good = () => makeInvoice({ invoiceNumber: uniqueInvoiceNumber('E2E') }).toString('utf8');

	beforeAll(async () => {
		home = n8n.home;
		simulator = await start({ port: 0 });
		const data = { environment: 'custom', baseUrl: simulator.baseUrl, token: simulator.token, nip: simulator.nip };
		await home.importCredentials([
			{ id: 'ksefHostile', name: 'KSeF (hostile input)', type: 'ksefApi', data },
			{ id: 'ksefNowhere', name: 'KSeF (nothing listens)', type: 'ksefApi', data: { ...data, baseUrl: 'http://127.0.0.1:1/v2' } },
		]);
	});

	afterAll(async () => {
		await simulator?.stop();
	});

	it('"Continue (using error output)" routes every bad item to the error branch with our message; "Continue" keeps them on the main output', async () => {
		const fileCases = HOSTILE_INPUTS.filter(isFileCase);
		const valueCases = HOSTILE_INPUTS.filter((input) => !isFileCase(input));
		const dir = join(home.filesDir, 'hostile');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'case-00.xml'), good());
		fileCases.forEach((input, position) => writeFileSync(join(dir, `case-${String(position + 1).padStart(2, '0')}.xml`), String(input.value)));
		const values = [good(), ...valueCases.map((input) => input.value)];
		await home.importWorkflow(
			workflow('ksefHostileContinue', [
				{ name: 'Files', files: join(dir, '*.xml'), sends: [{ name: 'Files (error output)', onError: 'continueErrorOutput' }, { name: 'Files (continue)', onError: 'continueRegularOutput' }] },
				{ name: 'Values', values, sends: [{ name: 'Values (error output)', onError: 'continueErrorOutput' }, { name: 'Values (continue)', onError: 'continueRegularOutput' }] },
			]),
		);
		const result = await home.execute('ksefHostileContinue');
		expect(result.status).toBe('success');

		// The Read node decides the item order; each error names its item, so the case is found by file name.
		const fileOf = outputOf(result, 'Files').map((item) => String(item.binary?.data?.fileName));
		const caseOf = (itemIndex: number) => (fileOf[itemIndex] === 'case-00.xml' ? undefined : fileCases[Number(fileOf[itemIndex].slice(5, 7)) - 1]);
		const expectedFor = (cases: ReadonlyArray<HostileInput | undefined>) =>
			cases.flatMap((input, itemIndex) => (input ? [{ error: `${input.message} [item ${itemIndex}]`, description: input.fix }] : []));
		const shown = (items: OutputItem[]) => items.map((item) => ({ error: item.json.error, description: (item.json.details as { description: string }).description }));

		for (const [prefix, cases] of [
			['Files', fileOf.map((_, itemIndex) => caseOf(itemIndex))],
			['Values', [undefined, ...valueCases]],
		] as const) {
			expect(received(result, `${prefix} (error output) → Success`).map((item) => item.json.outcome)).toEqual([expect.stringMatching(/^(accepted|duplicate)$/)]);
			// n8n merges the input item's JSON into error-output items; ours are the error and its details.
			expect(shown(received(result, `${prefix} (error output) → Error`))).toEqual(expectedFor(cases));
			const kept = received(result, `${prefix} (continue) → Success`);
			expect(kept).toHaveLength(cases.length);
			expect(shown(kept.filter((item) => item.json.error !== undefined))).toEqual(expectedFor(cases));
		}
		expect(fileCases.length + valueCases.length).toBe(HOSTILE_INPUTS.length);
	});

	it('"Stop Workflow" stops on the first bad item with our message and advice, before anything is sent', async () => {
		const calls = simulator.simulator.requestLog.length;
		await home.importWorkflow(workflow('ksefHostileStop', [{ name: 'Values', values: [HOSTILE_INPUTS[0].value, good()], sends: [{ name: 'Send (stop)' }] }]));
		const result = await home.execute('ksefHostileStop');
		expect(result.status).toBe('error');
		expect(result.data.resultData.error).toMatchObject({ message: `${HOSTILE_INPUTS[0].message} [item 0]`, description: HOSTILE_INPUTS[0].fix });
		expect(simulator.simulator.requestLog.length).toBe(calls);
	});

	it('a refused connection keeps our message and advice, which n8n would replace for a message containing ECONNREFUSED', async () => {
		await home.importWorkflow(
			workflow('ksefHostileNowhere', [{ name: 'Values', values: [good()], sends: [{ name: 'Send (nowhere)', credentials: { ksefApi: { id: 'ksefNowhere', name: 'KSeF (nothing listens)' } } }] }]),
		);
		const result = await home.execute('ksefHostileNowhere');
		expect(result.status).toBe('error');
		expect(result.data.resultData.error?.message).toBe(
			'Could not reach KSeF at http://127.0.0.1:1 (GET /security/public-key-certificates): the connection was refused: nothing answers at that address and port [item 0]',
		);
		expect(result.data.resultData.error?.description).toMatch(/^Check the environment \(or custom base URL\) in the KSeF API credential/);
	});

	it('an invoice KSeF rejects goes to the error output with its references and KSeF\'s reason, and the node shows a hint', async () => {
		const rejected = good().replace(/<P_1>[^<]*<\/P_1>/, '<P_1>2026-02-30</P_1>');
		await home.importWorkflow(
			workflow('ksefHostileRejected', [{ name: 'Values', values: [good(), rejected], sends: [{ name: 'Send (unchecked)', onError: 'continueErrorOutput', options: { validateXsd: false } }] }]),
		);
		const result = await home.execute('ksefHostileRejected');
		expect(result.status).toBe('success');
		expect(received(result, 'Send (unchecked) → Success').map((item) => item.json.outcome)).toEqual(['accepted']);
		const [refused] = received(result, 'Send (unchecked) → Error');
		expect(String(refused.json.error)).toMatch(/^The invoice was rejected by KSeF: 450 .* \[item 1\]$/);
		expect(refused.json.details).toMatchObject({ outcome: 'rejected', statusCode: 450, invoiceReferenceNumber: expect.any(String), sessionReferenceNumber: expect.any(String) });
		const hints = (result.data.resultData.runData['Send (unchecked)'][0] as { hints?: Array<{ message: string }> }).hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual(['1 of 2 invoice(s) were rejected by KSeF; they are on the error output with KSeF\'s reason under details.']);
	});
});
