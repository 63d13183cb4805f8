/** Visualisations: FA(3) invoices and UPOs as PDF files, with KOD I (and KOD II for offline invoices). */
export { renderInvoicePdf, pdfFileName, type InvoicePdf, type InvoicePdfOptions } from './renderInvoicePdf';
export { renderUpoPdf, type UpoPdf } from './renderUpoPdf';
export type { PdfLanguage } from './labels';
