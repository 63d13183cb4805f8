import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock } from 'jest-mock-extended';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IRun,
	ITaskData,
	IWorkflowExecuteAdditionalData,
	IVersionedNodeType,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { KsefBatchSend } from '../../../nodes/KsefBatchSend/KsefBatchSend.node';
import { KsefBuildInvoice } from '../../../nodes/KsefBuildInvoice/KsefBuildInvoice.node';
import { KsefCheckStatus } from '../../../nodes/KsefCheckStatus/KsefCheckStatus.node';
import { KsefDownload } from '../../../nodes/KsefDownload/KsefDownload.node';
import { KsefInvoicePdf } from '../../../nodes/KsefInvoicePdf/KsefInvoicePdf.node';
import { KsefQueryInvoices } from '../../../nodes/KsefQueryInvoices/KsefQueryInvoices.node';
import { KsefSendInvoice } from '../../../nodes/KsefSendInvoice/KsefSendInvoice.node';
import { KsefTrigger } from '../../../nodes/KsefTrigger/KsefTrigger.node';

/**
 * Runs our nodes through n8n-core's own engine in-process, as n8n's (unpublished) node test harness does: a real
 * `Workflow` executed by `WorkflowExecute`, with lifecycle hooks and a credentials helper. What this exercises that a
 * mocked IExecuteFunctions does not: expression evaluation (`={{ $json.ksefNumber }}` defaults), pairedItem
 * validation, n8n's binary data service, and the node's On Error setting.
 */

// n8n-core writes an instance settings file (encryption key) under N8N_USER_FOLDER when it loads.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ksef-engine-'));
/** n8n-core and its DI container, loaded after N8N_USER_FOLDER is set (tests use them through these). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Container } = require('@n8n/di') as typeof import('@n8n/di');

export const PACKAGE = 'n8n-nodes-ksef';
export const SOURCE_TYPE = 'test.items';

/** The test's input: each item's JSON and its binary files (stored through n8n's binary data service). */
export interface SourceItem {
	json?: IDataObject;
	binary?: Record<string, { data: Buffer; fileName: string; mimeType: string }>;
}

/** A trigger-less start node emitting the items given in its `key` parameter, binaries stored the way n8n stores them. */
class SourceItems implements INodeType {
	static readonly inputs = new Map<string, SourceItem[]>();
	description: INodeTypeDescription = {
		displayName: 'Items',
		name: SOURCE_TYPE,
		group: ['input'],
		version: 1,
		usableAsTool: true,
		description: 'Test items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Key', name: 'key', type: 'string', default: '' }],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const key = this.getNodeParameter('key', 0) as string;
		const items = SourceItems.inputs.get(key) ?? [];
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [name, file] of Object.entries(item.binary ?? {})) {
				binary[name] = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
			}
			out.push({ json: item.json ?? {}, ...(item.binary ? { binary } : {}) });
		}
		return [out];
	}
}

const nodeClasses: Record<string, () => INodeType> = {
	[SOURCE_TYPE]: () => new SourceItems(),
	[`${PACKAGE}.ksefSendInvoice`]: () => new KsefSendInvoice(),
	[`${PACKAGE}.ksefBatchSend`]: () => new KsefBatchSend(),
	[`${PACKAGE}.ksefCheckStatus`]: () => new KsefCheckStatus(),
	[`${PACKAGE}.ksefQueryInvoices`]: () => new KsefQueryInvoices(),
	[`${PACKAGE}.ksefDownload`]: () => new KsefDownload(),
	[`${PACKAGE}.ksefBuildInvoice`]: () => new KsefBuildInvoice(),
	[`${PACKAGE}.ksefInvoicePdf`]: () => new KsefInvoicePdf(),
	[`${PACKAGE}.ksefTrigger`]: () => new KsefTrigger(),
};

const nodeTypes: INodeTypes = {
	getByName: (type: string) => {
		const make = nodeClasses[type];
		if (!make) throw new Error(`Unknown node type ${type}`);
		return make() as INodeType | IVersionedNodeType;
	},
	getByNameAndVersion: (type: string, version?: number) => NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
	getKnownTypes: () => ({}),
};

/** Returns the credential data as n8n would after decrypting it; nothing else of ICredentialsHelper is used by our nodes. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(): Promise<never> {
		throw new Error('not used');
	}
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return data;
	}
	async updateCredentials(): Promise<void> {}
	async updateCredentialsOauthTokenData(): Promise<void> {}
	getCredentialsProperties(): [] {
		return [];
	}
}

let binaryDataReady: Promise<void> | undefined;
/** n8n's binary data service in filesystem mode (n8n 2.x's default), in a temporary folder. */
function initBinaryData(): Promise<void> {
	binaryDataReady ??= (async () => {
		const service = Container.get(core.BinaryDataService);
		const config = Container.get(core.BinaryDataConfig);
		config.mode = 'filesystem';
		config.localStoragePath = mkdtempSync(join(tmpdir(), 'ksef-engine-binary-'));
		await service.init();
	})();
	return binaryDataReady;
}

export interface KsefStep {
	name: string;
	type: string;
	parameters: INode['parameters'];
	onError?: INode['onError'];
}

export interface EngineRun {
	run: IRun;
	/** The items a node put on each of its outputs (output 0 = success, 1 = error when On Error routes there). */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The error that stopped the workflow, if any. */
	error: IRun['data']['resultData']['error'];
	/** Reads a binary property of an output item through n8n's binary data service. */
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

let runCounter = 0;

/** Runs Items → steps[0] → steps[1] … through WorkflowExecute and returns what each node produced. */
export async function runWorkflow(
	items: SourceItem[],
	steps: KsefStep[],
	credentials: ICredentialDataDecryptedObject,
): Promise<EngineRun> {
	await initBinaryData();
	const key = `run-${++runCounter}`;
	SourceItems.inputs.set(key, items);
	const nodes: INode[] = [
		{ id: 'source', name: 'Items', type: SOURCE_TYPE, typeVersion: 1, position: [0, 0], parameters: { key } },
		...steps.map((step, index) => ({
			id: `step-${index}`,
			name: step.name,
			type: step.type,
			typeVersion: 1,
			position: [200 * (index + 1), 0] as [number, number],
			parameters: step.parameters,
			credentials: { ksefApi: { id: 'cred-1', name: 'KSeF test' } },
			...(step.onError ? { onError: step.onError } : {}),
		})),
	];
	const names = nodes.map((node) => node.name);
	const connections = Object.fromEntries(
		names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: NodeConnectionTypes.Main, index: 0 }]] }]),
	);
	const workflow = new Workflow({ id: 'engine-test', nodes, connections, nodeTypes, active: false, settings: { executionOrder: 'v1' } });

	const hooks = new core.ExecutionLifecycleHooks('manual', key, mock());
	let resolveRun: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveRun(fullRunData));
	// Only what the engine reads is real; encryptedRunnerIdentity must be absent, not a mock function.
	const additionalData = mock<IWorkflowExecuteAdditionalData>();
	Object.assign(additionalData, {
		hooks,
		currentNodeParameters: undefined,
		executionId: key,
		encryptedRunnerIdentity: undefined,
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		credentialsHelper: new CredentialsHelper({ ksefApi: credentials }),
	});

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }] },
	});
	await new core.WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	SourceItems.inputs.delete(key);

	return {
		run,
		error: run.data.resultData.error,
		outputs(nodeName) {
			const task: ITaskData | undefined = run.data.resultData.runData[nodeName]?.[0];
			if (!task) throw new Error(`${nodeName} did not run${run.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
			return (task.data?.main ?? []).map((output) => output ?? []);
		},
		async binary(item, property = 'data') {
			const data = item.binary?.[property];
			if (!data) throw new Error(`no binary ${property}`);
			if (data.id) return await Container.get(core.BinaryDataService).getAsBuffer(data);
			return Buffer.from(data.data, 'base64');
		},
	};
}

/** Evaluates an expression of a node's description (e.g. its subtitle) as n8n's editor does, for one node with these parameters. */
export function evaluateForNode(type: string, parameters: INode['parameters'], expression: string): unknown {
	const node: INode = { id: 'n', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ id: 'subtitle', nodes: [node], connections: {}, nodeTypes, active: false });
	return workflow.expression.getSimpleParameterValue(workflow.getNode('Node') as INode, expression, 'internal', {});
}

/** The description of one of our node types. */
export function describeNode(type: string): INodeTypeDescription {
	return (nodeTypes.getByName(type) as INodeType).description;
}
