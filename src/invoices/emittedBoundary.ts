/**
 * Remembers just enough of an ascending stream of records to drop the ones a re-query repeats: the latest instant
 * seen and the KSeF numbers at that instant. Consecutive windows, and a range narrowed after KSeF's result cap,
 * overlap exactly there, so memory stays bounded however many records pass.
 */
export class EmittedBoundary {
	private latestMs = Number.NEGATIVE_INFINITY;
	private atLatest = new Set<string>();

	/** The instant of the newest record seen so far. */
	get lastMs(): number {
		return this.latestMs;
	}

	/** Records the record and says whether it is new. Anything older than the latest instant was passed already. */
	accept(ksefNumber: string, atMs: number): boolean {
		if (atMs < this.latestMs) return false;
		if (atMs > this.latestMs) {
			this.latestMs = atMs;
			this.atLatest = new Set();
		}
		if (this.atLatest.has(ksefNumber)) return false;
		this.atLatest.add(ksefNumber);
		return true;
	}
}
