import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodePropertyOptions } from 'n8n-workflow';
import { describeNode, evaluateForNode, PACKAGE } from './support/engine';

const nodes = ['ksefSendInvoice', 'ksefBatchSend', 'ksefCheckStatus', 'ksefQueryInvoices', 'ksefDownload', 'ksefBuildInvoice', 'ksefInvoicePdf', 'ksefTrigger'].map((name) => `${PACKAGE}.${name}`);

describe('how the nodes look on the canvas', () => {
	it.each([`${PACKAGE}.ksefCheckStatus`, `${PACKAGE}.ksefDownload`])('%s shows the chosen operation’s name as its subtitle, evaluated by n8n', (type) => {
		const description = describeNode(type);
		const operation = description.properties.find((property) => property.name === 'operation');
		const options = (operation?.options ?? []) as INodePropertyOptions[];
		expect(options.length).toBeGreaterThan(1);
		for (const option of options) {
			expect(evaluateForNode(type, { operation: option.value }, String(description.subtitle))).toBe(option.name);
		}
	});

	it.each([
		['ksefBuildInvoice', { kind: 'KOR' }, 'fields → FA(3) KOR'],
		['ksefInvoicePdf', { operation: 'upo' }, 'UPO'],
		['ksefTrigger', { subjectTypes: ['Subject2', 'Subject1'] }, 'new purchase, sales invoices'],
	])('%s shows its subtitle as n8n evaluates it', (name, parameters, expected) => {
		const type = `${PACKAGE}.${name}`;
		expect(evaluateForNode(type, parameters, String(describeNode(type).subtitle))).toBe(expected);
	});

	it('each node has its own icon, light and dark, in the package’s family', () => {
		const files = nodes.map((type) => {
			const icon = describeNode(type).icon as { light: string; dark: string };
			const dir = join(__dirname, '..', '..', 'nodes', type.split('.')[1].replace(/^k/, 'K'));
			return [icon.light, icon.dark].map((file) => readFileSync(join(dir, file.replace(/^file:/, '')), 'utf8'));
		});
		expect(new Set(files.map(([light]) => light)).size).toBe(nodes.length);
		expect(new Set(files.map(([, dark]) => dark)).size).toBe(nodes.length);
		for (const [light, dark] of files) {
			expect(light).not.toBe(dark);
			for (const svg of [light, dark]) expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 60 60"/);
		}
	});
});
