/** NIP, the Polish tax ID: 10 digits, the last a checksum (weights 6,5,7,2,3,4,5,6,7, mod 11; 10 is never valid). */
const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/** Accepts what people paste: spaces, dashes, a `PL` prefix. */
export function normalizeNip(input: string): string {
	return input.trim().replace(/^PL/i, '').replace(/[\s-]/g, '');
}

export function isValidNip(nip: string): boolean {
	return nipProblem(nip) === undefined;
}

/** Why `nip` is not a valid NIP, in words a user can act on; undefined when it is valid. */
export function nipProblem(nip: string): string | undefined {
	if (!nip) return 'the NIP is empty. Enter the 10-digit tax ID of the company.';
	if (!/^\d{10}$/.test(nip)) return `"${nip}" is not 10 digits. Enter the NIP without country prefix, e.g. 5265877635.`;
	const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(nip[i]), 0);
	const check = sum % 11;
	if (check === 10 || check !== Number(nip[9])) return `"${nip}" fails the NIP checksum; check it for a typo.`;
	return undefined;
}
