import type { PublicKeyCertificate, PublicKeyCertificateUsage } from '../api/schemas';
import { KsefError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';

/**
 * The Ministry's public keys: one certificate encrypts the KSeF token, another the session's AES key. They are
 * rotated, so the client picks, per usage, a certificate valid right now (the newest if several are).
 */
export function pickCertificate(
	certificates: PublicKeyCertificate[],
	usage: PublicKeyCertificateUsage,
	now = new Date(),
): PublicKeyCertificate {
	const candidates = certificates
		.filter((c) => c.usage.includes(usage))
		.filter((c) => Date.parse(c.validFrom) <= now.getTime() && now.getTime() < Date.parse(c.validTo))
		.sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom));
	if (!candidates.length) {
		throw new KsefError(
			`KSeF published no certificate for ${usage} that is valid now (${now.toISOString()}). ` +
				'Check the machine clock; if it is right, KSeF may be rotating keys, so try again later.',
		);
	}
	return candidates[0];
}

/** Certificates change rarely; one fetch per base URL per hour is plenty. */
const CACHE_TTL_MS = 60 * 60_000;
const cache = new Map<string, { fetchedAtMs: number; certificates: Promise<PublicKeyCertificate[]> }>();

export async function getPublicKeyCertificates(http: HttpClient): Promise<PublicKeyCertificate[]> {
	const cached = cache.get(http.baseUrl);
	if (cached && Date.now() - cached.fetchedAtMs < CACHE_TTL_MS) return cached.certificates;
	const certificates = http
		.json<PublicKeyCertificate[]>({ method: 'GET', path: '/security/public-key-certificates' })
		.then((response) => response.body);
	cache.set(http.baseUrl, { fetchedAtMs: Date.now(), certificates });
	certificates.catch(() => cache.delete(http.baseUrl));
	return certificates;
}

export function forgetCertificates(baseUrl: string): void {
	cache.delete(baseUrl);
}

/** How old the cached certificates are (Infinity when none are cached). */
export function certificatesAgeMs(baseUrl: string): number {
	const cached = cache.get(baseUrl);
	return cached ? Date.now() - cached.fetchedAtMs : Infinity;
}

/**
 * The certificate to use now. The cached list is checked for age on every use (sessions too, not only
 * authentication); when none in it is valid any more (KSeF rotated while it was cached), it is fetched again once.
 */
export async function getCertificate(http: HttpClient, usage: PublicKeyCertificateUsage): Promise<PublicKeyCertificate> {
	try {
		return pickCertificate(await getPublicKeyCertificates(http), usage);
	} catch (error) {
		if (certificatesAgeMs(http.baseUrl) === Infinity) throw error;
		forgetCertificates(http.baseUrl);
		return pickCertificate(await getPublicKeyCertificates(http), usage);
	}
}
