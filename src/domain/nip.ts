/** NIP, the Polish tax ID: 10 digits, the last a checksum (weights 6,5,7,2,3,4,5,6,7, mod 11; 10 is never valid). */
const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

// KSeF's own NIP pattern (openapi.json `Nip`, XSD `TNrNIP`): the tax-office prefix never starts with 0 and never
// ends in 00, so such numbers are refused even when their checksum works out.
const KSEF_NIP_PATTERN = /^[1-9]((\d[1-9])|([1-9]\d))\d{7}$/;

/** Accepts what people paste: surrounding spaces, spaces or dashes between digits, a `PL` VAT-EU prefix. */
export function normalizeNip(input: string): string {
	return input
		.trim()
		.replace(/^PL/i, '')
		.replace(/[\s-]/g, '');
}

export function isValidNip(nip: string): boolean {
	return nipProblem(nip) === undefined;
}

/** The check digit a NIP's first nine digits call for, or undefined when no digit can satisfy it (remainder 10). */
export function nipCheckDigit(firstNineDigits: string): number | undefined {
	const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(firstNineDigits[index]), 0);
	const remainder = sum % 11;
	return remainder === 10 ? undefined : remainder;
}

/**
 * Why `nip` is not a valid NIP, in words a user can act on; undefined when it is valid. Expects a normalized NIP;
 * a NIP that only needs normalizing gets a message saying so.
 */
export function nipProblem(nip: string): string | undefined {
	if (!nip.trim()) return 'the NIP is empty. Enter the 10-digit tax ID of the company, e.g. 5265877635.';
	if (!/^\d{10}$/.test(nip)) {
		const normalized = normalizeNip(nip);
		if (/^\d{10}$/.test(normalized)) {
			return `"${nip}" contains a prefix, spaces or dashes. Enter only the 10 digits: ${normalized}.`;
		}
		return `"${nip}" is not 10 digits. Enter the NIP without country prefix, e.g. 5265877635.`;
	}
	if (!KSEF_NIP_PATTERN.test(nip)) {
		return `"${nip}" cannot be a NIP: it may not start with 0 or have 00 as its 2nd and 3rd digits. Check it for a typo.`;
	}
	if (nipCheckDigit(nip.slice(0, 9)) !== Number(nip[9])) {
		return `"${nip}" fails the NIP checksum; check it for a typo (a swapped or missing digit).`;
	}
	return undefined;
}
