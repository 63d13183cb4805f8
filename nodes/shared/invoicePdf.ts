import type { BinaryHelperFunctions, IDisplayOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { renderInvoicePdf, type PdfLanguage } from '../../src/pdf';

/** The node's *Render PDF* and *PDF Language* options, as they are read from its Options collection. */
export interface InvoicePdfOptions {
	renderPdf?: boolean;
	pdfLanguage?: PdfLanguage;
}

/**
 * The *Render PDF* and *PDF Language* options for a node's Options collection (KSeF Download, KSeF Trigger);
 * `displayOptions` hides them where there is no XML to render.
 */
export function renderPdfOptions(displayOptions?: IDisplayOptions): INodeProperties[] {
	const shown = displayOptions ? { displayOptions } : {};
	return [
		{
			displayName: 'Render PDF',
			name: 'renderPdf',
			type: 'boolean',
			default: false,
			description: 'Whether to add the invoice as a PDF (binary field "pdf") with its KOD I QR code and KSeF number, as the KSeF Invoice PDF node makes it',
			...shown,
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
			...shown,
		},
	];
}

/**
 * Adds the PDF of a downloaded invoice to its item. A document that cannot be rendered (not FA(3), e.g. a PEF
 * invoice) keeps its XML and gets `pdfError`: the download itself succeeded and must not be reported as failed.
 * `baseUrl` is the credential's KSeF environment, which decides the KOD I link's host.
 */
export async function withInvoicePdf(
	helpers: Pick<BinaryHelperFunctions, 'prepareBinaryData'>,
	options: InvoicePdfOptions,
	baseUrl: string,
	item: INodeExecutionData,
	xml: Buffer,
	ksefNumber: string,
): Promise<INodeExecutionData> {
	const { renderPdf = false, pdfLanguage = 'pl' } = options;
	if (!renderPdf) return item;
	try {
		const rendered = await renderInvoicePdf(xml, { ksefNumber, environment: baseUrl, language: pdfLanguage });
		return {
			json: { ...item.json, pdfFileName: rendered.fileName },
			binary: { ...(item.binary ?? {}), pdf: await helpers.prepareBinaryData(rendered.pdf, rendered.fileName, 'application/pdf') },
		};
	} catch (error) {
		return { ...item, json: { ...item.json, pdfError: error instanceof Error ? error.message : String(error) } };
	}
}
