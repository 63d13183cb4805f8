import { X509Certificate } from 'node:crypto';
import { start, type RunningSimulator } from './index';

describe('simulator: public-key certificates', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await start({ port: 0, validateResponses: true });
	});
	afterAll(async () => {
		await sim.stop();
	});

	it('serves one certificate per usage, each a parseable X.509 valid now', async () => {
		const response = await fetch(`${sim.baseUrl}/security/public-key-certificates`);
		expect(response.status).toBe(200);
		const certificates = (await response.json()) as Array<{ certificate: string; usage: string[]; validFrom: string; validTo: string }>;
		expect(certificates.flatMap((c) => c.usage).sort()).toEqual(['KsefTokenEncryption', 'SymmetricKeyEncryption']);
		for (const entry of certificates) {
			const x509 = new X509Certificate(Buffer.from(entry.certificate, 'base64'));
			expect(x509.publicKey.asymmetricKeyType).toBe('rsa');
			expect(Date.parse(entry.validFrom)).toBeLessThan(Date.now());
			expect(Date.parse(entry.validTo)).toBeGreaterThan(Date.now());
		}
		expect(sim.simulator.responseViolations).toEqual([]);
	});

	it('answers an unknown path with 404', async () => {
		const response = await fetch(`${sim.baseUrl}/no/such/path`);
		expect(response.status).toBe(404);
	});
});

describe('simulator certificates', () => {
	it('encode integers minimally, so a random serial starting with a zero byte still makes a valid certificate', async () => {
		const { integer } = await import('./x509/der');
		expect(integer(Buffer.from([0x00, 0x12]))).toEqual(Buffer.from([0x02, 0x01, 0x12]));
		expect(integer(Buffer.from([0x00, 0x92]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x92]));
		expect(integer(Buffer.from([0x92]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x92]));
		expect(integer(Buffer.from([0x00]))).toEqual(Buffer.from([0x02, 0x01, 0x00]));
	});
});
