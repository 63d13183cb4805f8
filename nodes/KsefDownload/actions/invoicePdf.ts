import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { renderInvoicePdf, type PdfLanguage } from '../../../src/pdf';

export const renderPdfOptions: INodeProperties[] = [
	{
		displayName: 'Render PDF',
		name: 'renderPdf',
		type: 'boolean',
		default: false,
		description: 'Whether to add the invoice as a PDF (binary field "pdf") with its KOD I QR code and KSeF number, as the KSeF Invoice PDF node makes it',
	},
	{
		displayName: 'PDF Language',
		name: 'pdfLanguage',
		type: 'options',
		options: [
			{ name: 'Polish', value: 'pl' },
			{ name: 'English', value: 'en' },
		],
		default: 'pl',
		description: 'Language of the PDF’s labels (with Render PDF)',
	},
];

/**
 * Adds the PDF of a downloaded invoice to its item. A document that cannot be rendered (not FA(3), e.g. a PEF
 * invoice) keeps its XML and gets `pdfError`: the download itself succeeded and must not be reported as failed.
 */
export async function withInvoicePdf(ctx: IExecuteFunctions, itemIndex: number, baseUrl: string, item: INodeExecutionData, xml: Buffer, ksefNumber: string): Promise<INodeExecutionData> {
	const { renderPdf = false, pdfLanguage = 'pl' } = ctx.getNodeParameter('options', itemIndex, {}) as { renderPdf?: boolean; pdfLanguage?: PdfLanguage };
	if (!renderPdf) return item;
	try {
		const rendered = await renderInvoicePdf(xml, { ksefNumber, environment: baseUrl, language: pdfLanguage });
		return {
			json: { ...item.json, pdfFileName: rendered.fileName },
			binary: { ...(item.binary ?? {}), pdf: await ctx.helpers.prepareBinaryData(rendered.pdf, rendered.fileName, 'application/pdf') },
		};
	} catch (error) {
		return { ...item, json: { ...item.json, pdfError: error instanceof Error ? error.message : String(error) } };
	}
}
