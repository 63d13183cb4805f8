import { randomBytes } from 'node:crypto';
import { ksefNumberChecksum } from '../../../src/domain/ksefNumber';
import type { Simulator } from '../simulator';

/** A new KSeF number in the real format: seller NIP, acceptance day, 12 uppercase hex, CRC-8 (faktury/numer-ksef.md). */
export function nextKsefNumber(sim: Simulator, sellerNip: string, atMs: number): string {
	sim.state.sequence += 1;
	const day = new Date(atMs).toISOString().slice(0, 10).replace(/-/g, '');
	const hex = (sim.state.sequence.toString(16).padStart(6, '0') + randomBytes(3).toString('hex')).toUpperCase().slice(-12);
	const first32 = `${sellerNip}-${day}-${hex.padStart(12, '0')}`;
	return `${first32}-${ksefNumberChecksum(first32)}`;
}
