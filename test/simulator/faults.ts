/** Deterministic fault injection: which request gets a 429, a 5xx, a reset connection or a slow answer. */
import type { FaultKind, FaultRule } from './options';

/** mulberry32: small, seedable, good enough to make "probability 0.2" repeatable run to run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private readonly seen = new Map<number, number>();
	private readonly random: () => number;

	constructor(
		private readonly rules: FaultRule[],
		seed: number,
	) {
		this.random = seededRandom(seed);
	}

	/** The fault to apply to this request, if any rule picks it. */
	pick(method: string, template: string): FaultKind | undefined {
		for (const [index, rule] of this.rules.entries()) {
			if (rule.match.method && rule.match.method.toUpperCase() !== method.toUpperCase()) continue;
			if (rule.match.path && rule.match.path !== template) continue;
			const n = (this.seen.get(index) ?? 0) + 1;
			this.seen.set(index, n);
			if (n <= (rule.skip ?? 0)) continue;
			if (rule.probability !== undefined) {
				if (this.random() < rule.probability) return rule.fault;
				continue;
			}
			if (n - (rule.skip ?? 0) <= (rule.times ?? Number.POSITIVE_INFINITY)) return rule.fault;
		}
		return undefined;
	}
}
