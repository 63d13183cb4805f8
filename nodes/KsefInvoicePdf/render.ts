import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OfflineCertificate } from '../../src/auth/signing/offlineCertificate';
import { ksefNumberProblem, normalizeKsefNumber } from '../../src/domain/ksefNumber';
import type { OfflineContextType } from '../../src/domain/offlineCertificateLink';
import { KsefInputError } from '../../src/errors/KsefInputError';
import { renderInvoicePdf, renderUpoPdf, type PdfLanguage } from '../../src/pdf';
import { binaryFieldBytes, readInvoiceXml } from '../shared/invoiceInput';
import { requiredText } from '../shared/textParameter';

/** One input item's invoice as a PDF (with KOD II when asked and a certificate is loaded). */
export async function renderInvoice(ctx: IExecuteFunctions, itemIndex: number, certificate: OfflineCertificate | undefined): Promise<INodeExecutionData[]> {
	const xml = await readInvoiceXml(ctx, itemIndex);
	const ksefNumber = String(ctx.getNodeParameter('ksefNumber', itemIndex, '') ?? '').trim();
	if (ksefNumber) {
		const problem = ksefNumberProblem(normalizeKsefNumber(ksefNumber));
		if (problem) throw new KsefInputError('KSeF Number', problem.replace(/^the KSeF number /, ''), 'Leave it empty for an invoice without a KSeF number.');
	}
	const signOffline = ctx.getNodeParameter('signOffline', itemIndex, false) === true;
	const rendered = await renderInvoicePdf(xml, {
		ksefNumber: ksefNumber || undefined,
		environment: ctx.getNodeParameter('environment', itemIndex, 'prod') as string,
		language: ctx.getNodeParameter('language', itemIndex, 'pl') as PdfLanguage,
		offline:
			signOffline && certificate
				? {
						certificate,
						contextType: ctx.getNodeParameter('offlineContextType', itemIndex, 'Nip') as OfflineContextType,
						contextValue: String(ctx.getNodeParameter('offlineContextValue', itemIndex, '') ?? '').trim() || undefined,
					}
				: undefined,
	});
	const json: IDataObject = {
		pdfFileName: rendered.fileName,
		pdfPages: rendered.pages,
		invoiceNumber: rendered.invoiceNumber ?? null,
		ksefNumber: rendered.ksefNumber ?? null,
		verificationLink: rendered.verificationLink ?? null,
	};
	if (signOffline) json.certificateLink = rendered.certificateLink ?? null;
	return [await withPdf(ctx, itemIndex, json, rendered.pdf, rendered.fileName)];
}

export async function renderUpo(ctx: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = ctx.getNodeParameter('upoSource', itemIndex, 'binary') as string;
	const xml =
		source === 'text'
			? Buffer.from(requiredText(ctx, 'upoXml', 'UPO XML', itemIndex, '{{ $json.upo }}'), 'utf8')
			: await binaryFieldBytes(
					ctx,
					itemIndex,
					ctx.getNodeParameter('upoBinaryPropertyName', itemIndex, 'upo'),
					'The item has no binary data: download the UPO first (KSeF Check Status → Download UPO), or switch UPO Source to Text.',
				);
	const rendered = await renderUpoPdf(xml, { language: ctx.getNodeParameter('language', itemIndex, 'pl') as PdfLanguage });
	const json: IDataObject = { pdfFileName: rendered.fileName, sessionReferenceNumber: rendered.sessionReferenceNumber ?? null, documentCount: rendered.documentCount };
	return [await withPdf(ctx, itemIndex, json, rendered.pdf, rendered.fileName)];
}

/** The input item's JSON and files, plus the PDF and what the render found (links, file name). */
async function withPdf(ctx: IExecuteFunctions, itemIndex: number, json: IDataObject, pdf: Buffer, fileName: string): Promise<INodeExecutionData> {
	const input = ctx.getInputData()[itemIndex];
	const property = ctx.getNodeParameter('outputBinaryPropertyName', itemIndex, 'pdf') as string;
	return {
		json: { ...(input?.json ?? {}), ...json },
		binary: { ...(input?.binary ?? {}), [property]: await ctx.helpers.prepareBinaryData(pdf, fileName, 'application/pdf') },
	};
}
