import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { OfflineCertificate } from '../../src/auth/signing/offlineCertificate';
import { invoiceSourceProperties } from '../shared/invoiceInput';
import { mapItems } from '../shared/perItem';
import { redact } from '../../src/errors/describe';
import { certificateMaterialFrom } from '../shared/certificateMaterial';
import { ksefOfflineCertificateTest, OFFLINE_CREDENTIAL, offlineCertificateFrom } from './offlineCertificate';
import { renderInvoice, renderUpo } from './render';

type Operation = 'invoice' | 'upo';

const forOperation = (operation: Operation, property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { ...(property.displayOptions?.show ?? {}), operation: [operation] } },
});

const languageProperty: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	options: [
		{ name: 'Polish', value: 'pl' },
		{ name: 'English', value: 'en' },
	],
	default: 'pl',
	description: 'Language of the labels; the invoice’s own texts stay as they are',
};

export class KsefInvoicePdf implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KSeF Invoice PDF',
		name: 'ksefInvoicePdf',
		icon: { light: 'file:ksefInvoicePdf.svg', dark: 'file:ksefInvoicePdf.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "upo" ? "UPO" : "Invoice" }}',
		description: 'Render an FA(3) invoice (with its KOD I QR code) or a UPO as a PDF file',
		defaults: { name: 'KSeF Invoice PDF' },
		// What an AI agent reads when it decides whether to call the tool.
		usableAsTool: {
			replacements: {
				description:
					'Offline only: renders a Polish FA(3) e-invoice (XML) or a KSeF UPO receipt as a PDF file, with the KOD I verification QR code and the KSeF number when given; nothing is sent to KSeF. Input: the invoice XML (text or file) and optionally its KSeF number. Returns the PDF file, its page count, the invoice number and the verification link. Use it to show, e-mail or archive an invoice.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ksefOfflineCertificateApi',
				required: true,
				testedBy: 'ksefOfflineCertificateTest',
				displayOptions: { show: { operation: ['invoice'], signOffline: [true] } },
			},
		],
		properties: [
			{
				displayName: 'Document',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice', value: 'invoice', action: 'Render an invoice as PDF', description: 'An FA(3) invoice XML as a PDF with its verification QR code' },
					{ name: 'UPO', value: 'upo', action: 'Render a UPO as PDF', description: 'A session or invoice UPO (official receipt) XML as a PDF' },
				],
				default: 'invoice',
			},
			...invoiceSourceProperties.map((property) => forOperation('invoice', property)),
			forOperation('invoice', {
				displayName: 'KSeF Number',
				name: 'ksefNumber',
				type: 'string',
				default: '={{ $json.ksefNumber }}',
				placeholder: 'e.g. 5265877635-20250826-0100001AF629-AF',
				hint: 'Printed in the header and under the QR code; leave empty for an invoice KSeF has not numbered yet ("OFFLINE")',
			}),
			forOperation('invoice', {
				displayName: 'Environment',
				name: 'environment',
				type: 'options',
				options: [
					{ name: 'PROD (qr.ksef.mf.gov.pl)', value: 'prod' },
					{ name: 'DEMO (Qr-demo.ksef.mf.gov.pl)', value: 'demo' },
					{ name: 'TEST (Qr-test.ksef.mf.gov.pl)', value: 'test' },
				],
				default: 'prod',
				description: 'The KSeF environment the invoice was sent to: the QR code links to its verification page',
			}),
			forOperation('invoice', {
				displayName: 'Sign KOD II (Offline Invoice)',
				name: 'signOffline',
				type: 'boolean',
				default: false,
				description: 'Whether to add KOD II, the second QR code an invoice issued in an offline mode must carry, signed with a KSeF Offline certificate',
			}),
			forOperation('invoice', {
				displayName: 'Context Type',
				name: 'offlineContextType',
				type: 'options',
				options: [
					{ name: 'NIP', value: 'Nip' },
					{ name: 'Internal ID', value: 'InternalId' },
					{ name: 'NIP + EU VAT Number', value: 'NipVatUe' },
					{ name: 'Peppol ID', value: 'PeppolId' },
				],
				default: 'Nip',
				displayOptions: { show: { signOffline: [true] } },
				description: 'The context the invoice is issued in (almost always the seller’s NIP)',
			}),
			forOperation('invoice', {
				displayName: 'Context Identifier',
				name: 'offlineContextValue',
				type: 'string',
				default: '',
				placeholder: 'Seller NIP from the invoice',
				displayOptions: { show: { signOffline: [true] } },
				description: 'Leave empty for the seller’s NIP (Podmiot1)',
			}),
			forOperation('upo', {
				displayName: 'UPO Source',
				name: 'upoSource',
				type: 'options',
				options: [
					{ name: 'Binary File', value: 'binary', description: 'A UPO file, e.g. from KSeF Check Status → Download UPO' },
					{ name: 'Text', value: 'text', description: 'The UPO XML as text, e.g. from an expression' },
				],
				default: 'binary',
			}),
			forOperation('upo', {
				displayName: 'Input Binary Field',
				name: 'upoBinaryPropertyName',
				type: 'string',
				default: 'upo',
				required: true,
				hint: 'The name of the binary field holding the UPO XML',
				displayOptions: { show: { upoSource: ['binary'] } },
			}),
			forOperation('upo', {
				displayName: 'UPO XML',
				name: 'upoXml',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				required: true,
				placeholder: '<?xml version="1.0" encoding="utf-8"?><Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3">…',
				displayOptions: { show: { upoSource: ['text'] } },
			}),
			languageProperty,
			{
				displayName: 'Put Output File in Field',
				name: 'outputBinaryPropertyName',
				type: 'string',
				default: 'pdf',
				required: true,
				hint: 'The name of the output binary field for the PDF; the input’s files are kept',
			},
		],
	};

	methods = { credentialTest: { ksefOfflineCertificateTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as Operation;
		let offline: OfflineCertificate | undefined;
		let secrets: string[] = [];
		// The certificate is loaded once per execution, and only when some item asks for KOD II.
		const needsCertificate = operation === 'invoice' && this.getInputData().some((_, itemIndex) => this.getNodeParameter('signOffline', itemIndex, false) === true);
		if (needsCertificate) {
			const data = await this.getCredentials(OFFLINE_CREDENTIAL);
			secrets = certificateMaterialFrom(data).secrets;
			try {
				offline = offlineCertificateFrom(data);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `KSeF Offline Certificate credential: ${redact((error as Error).message, secrets)}`);
			}
		}
		const output = await mapItems(this, secrets, (itemIndex) => (operation === 'upo' ? renderUpo(this, itemIndex) : renderInvoice(this, itemIndex, offline)));
		if (operation === 'invoice') unnumberedHint(this);
		return [output];
	}
}

/**
 * Items straight from Send Invoice that have no KSeF number of their own (a duplicate, still pending) get a PDF
 * marked OFFLINE. A duplicate's number belongs to the invoice KSeF stored first, whose file may differ from this
 * one, so it is not printed under this file's QR code; the hint says where the right PDF comes from.
 */
function unnumberedHint(ctx: IExecuteFunctions): void {
	const unnumbered = ctx.getInputData().filter((item) => (item.json.outcome === 'duplicate' || item.json.outcome === 'pending') && !item.json.ksefNumber).length;
	if (!unnumbered) return;
	ctx.addExecutionHints({
		message: `${unnumbered} invoice(s) had no KSeF number yet (duplicate or pending), so their PDF says OFFLINE. For the invoice KSeF stored, use KSeF Download with Render PDF on originalKsefNumber, or render again once KSeF Check Status shows the number.`,
		type: 'info',
		location: 'outputPane',
	});
}
