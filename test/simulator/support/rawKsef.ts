/**
 * A deliberately independent KSeF client for the simulator's own tests: plain fetch and node:crypto, written
 * from the spec, sharing no code with src/. If the simulator and our client agreed on a mistake, this would not.
 */
import { constants, createCipheriv, createHash, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import archiver from 'archiver';

export const sha256b64 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

export interface RawResponse<T = Record<string, unknown>> {
	status: number;
	body: T;
	headers: Headers;
}

export class RawKsef {
	accessToken = '';
	constructor(readonly baseUrl: string) {}

	async call<T = Record<string, unknown>>(method: string, path: string, json?: unknown, bearer = this.accessToken): Promise<RawResponse<T>> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { accept: 'application/json', ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
			body: json !== undefined ? JSON.stringify(json) : undefined,
		});
		const text = await response.text();
		return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, headers: response.headers };
	}

	async certificate(usage: 'KsefTokenEncryption' | 'SymmetricKeyEncryption'): Promise<{ certificate: string; publicKeyId: string }> {
		const { body } = await this.call<Array<{ certificate: string; publicKeyId: string; usage: string[] }>>('GET', '/security/public-key-certificates');
		const found = body.find((c) => c.usage.includes(usage));
		if (!found) throw new Error(`no ${usage} certificate`);
		return found;
	}

	async rsa(usage: 'KsefTokenEncryption' | 'SymmetricKeyEncryption', data: Buffer): Promise<string> {
		const { certificate } = await this.certificate(usage);
		const key = new X509Certificate(Buffer.from(certificate, 'base64')).publicKey;
		return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data).toString('base64');
	}

	/** The guide's flow: challenge → RSA-OAEP(token|timestampMs) → ksef-token → poll → redeem. Returns the final auth status code. */
	async authenticate(token: string, nip: string): Promise<number> {
		const challenge = await this.call<{ challenge: string; timestampMs: number }>('POST', '/auth/challenge');
		const encryptedToken = await this.rsa('KsefTokenEncryption', Buffer.from(`${token}|${challenge.body.timestampMs}`));
		const init = await this.call<{ referenceNumber: string; authenticationToken: { token: string } }>('POST', '/auth/ksef-token', {
			challenge: challenge.body.challenge,
			contextIdentifier: { type: 'Nip', value: nip },
			encryptedToken,
		});
		if (init.status !== 202) throw new Error(`ksef-token answered ${init.status}`);
		const bearer = init.body.authenticationToken.token;
		for (;;) {
			const status = await this.call<{ status: { code: number } }>('GET', `/auth/${init.body.referenceNumber}`, undefined, bearer);
			if (status.body.status.code !== 100) {
				if (status.body.status.code !== 200) return status.body.status.code;
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const redeemed = await this.call<{ accessToken: { token: string } }>('POST', '/auth/token/redeem', undefined, bearer);
		this.accessToken = redeemed.body.accessToken.token;
		return 200;
	}

	async sessionKey(iv: Buffer = randomBytes(16)): Promise<{ key: Buffer; iv: Buffer; encryption: Record<string, string> }> {
		const key = randomBytes(32);
		return { key, iv, encryption: { encryptedSymmetricKey: await this.rsa('SymmetricKeyEncryption', key), initializationVector: iv.toString('base64') } };
	}

	async waitForInvoice(session: string, invoice: string): Promise<{ status: { code: number; details?: string[]; extensions?: Record<string, string> }; ksefNumber?: string }> {
		for (let i = 0; i < 200; i++) {
			const { body } = await this.call<{ status: { code: number }; ksefNumber?: string }>('GET', `/sessions/${session}/invoices/${invoice}`);
			if (body.status.code >= 200) return body;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error('invoice never finished');
	}
}

export const FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };

export function aes(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function sendInvoiceBody(xml: Buffer, key: Buffer, iv: Buffer) {
	const encrypted = aes(xml, key, iv);
	return {
		invoiceHash: sha256b64(xml),
		invoiceSize: xml.length,
		encryptedInvoiceHash: sha256b64(encrypted),
		encryptedInvoiceSize: encrypted.length,
		encryptedInvoiceContent: encrypted.toString('base64'),
		offlineMode: false,
	};
}

export async function zipOf(files: Array<{ name: string; data: Buffer }>): Promise<Buffer> {
	const archive = archiver('zip');
	const chunks: Buffer[] = [];
	archive.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<void>((resolve, reject) => {
		archive.on('end', () => resolve());
		archive.on('error', reject);
	});
	for (const file of files) archive.append(file.data, { name: file.name });
	await archive.finalize();
	await done;
	return Buffer.concat(chunks);
}
