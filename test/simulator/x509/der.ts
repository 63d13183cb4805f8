/** Just enough DER to write X.509 certificates by hand (node:crypto parses certificates but does not issue them). */
export function der(tag: number, content: Buffer): Buffer {
	const len = content.length;
	let header: Buffer;
	if (len < 0x80) header = Buffer.from([tag, len]);
	else {
		const bytes: number[] = [];
		for (let n = len; n > 0; n >>= 8) bytes.unshift(n & 0xff);
		header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
	}
	return Buffer.concat([header, content]);
}

export const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
export const nullValue = Buffer.from([0x05, 0x00]);
export const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
export const printable = (text: string) => der(0x13, Buffer.from(text, 'ascii'));
export const octets = (content: Buffer) => der(0x04, content);
export const bits = (content: Buffer, unusedBits = 0) => der(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
export const explicit = (tagNumber: number, content: Buffer) => der(0xa0 | tagNumber, content);
export const booleanTrue = Buffer.from([0x01, 0x01, 0xff]);

export function oid(dotted: string): Buffer {
	const parts = dotted.split('.').map(Number);
	const bytes = [parts[0] * 40 + parts[1]];
	for (const part of parts.slice(2)) {
		const chunk: number[] = [part & 0x7f];
		for (let n = part >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return der(0x06, Buffer.from(bytes));
}

/** A DER INTEGER: minimal encoding, so redundant leading zero bytes go (a random serial starts with one 1 time in 256). */
export function integer(value: Buffer): Buffer {
	let start = 0;
	while (start < value.length - 1 && value[start] === 0 && !(value[start + 1] & 0x80)) start++;
	const minimal = value.subarray(start);
	return der(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

export function time(date: Date): Buffer {
	const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
	return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2))) : der(0x18, Buffer.from(iso));
}
