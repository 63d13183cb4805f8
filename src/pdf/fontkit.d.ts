/** fontkit ships no types; pdfkit takes the font object it creates as it is, so nothing more is needed here. */
declare module 'fontkit' {
	export function create(buffer: Uint8Array, postscriptName?: string): object;
}
