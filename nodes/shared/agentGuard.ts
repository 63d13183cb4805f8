import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ENVIRONMENT_BASE_URLS, resolveBaseUrl, type KsefEnvironment } from '../../src';
import { KSEF_CREDENTIAL } from './credentials';

/** Whether an AI agent runs this node as a tool: n8n gives tool variants a type ending in "Tool". */
export function runByAgent(ctx: IExecuteFunctions): boolean {
	const asTool = typeof ctx.isToolExecution === 'function' && ctx.isToolExecution();
	return asTool || /Tool$/.test(ctx.getNode().type);
}

/**
 * Invoices sent on PROD are legally binding. An agent may send them there only when the credential says so
 * ("Allow AI Agents to Send Invoices on PROD", off by default); on TEST, DEMO and custom URLs nothing is binding.
 * Runs before any item is read or any request is made.
 */
export async function refuseAgentSendingOnProd(ctx: IExecuteFunctions): Promise<void> {
	if (!runByAgent(ctx)) return;
	const data = await ctx.getCredentials(KSEF_CREDENTIAL);
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(String(data.environment ?? 'test') as KsefEnvironment, String(data.baseUrl ?? ''));
	} catch {
		return; // A malformed custom URL reaches nothing; createClient names the field to fix.
	}
	const onProd = baseUrl.replace(/\/+$/, '').toLowerCase() === ENVIRONMENT_BASE_URLS.prod;
	if (!onProd || data.allowAgentSendingOnProd === true) return;
	throw new NodeOperationError(ctx.getNode(), `${ctx.getNode().name} refused to send: an AI agent called it on KSeF PROD, where invoices are legally binding, and the KSeF API credential does not allow that`, {
		description:
			'Nothing was sent. Let a person send from a workflow without an agent, or, if the agent is meant to issue invoices, turn on "Allow AI Agents to Send Invoices on PROD" in the KSeF API credential.',
	});
}
