/** KSeF's sliding-window request limits (reference.md §12): per second, minute and hour, all at once. */
import type { ApiRateLimitGroup, RateLimitGroup, RateLimitValues, SimulatorOptions } from './options';

/** PRD's defaults, and TEST's since API 2.5.0 (api-changelog.md); the simulator's multiplier scales them. */
export const PRD_RATE_LIMITS: Record<ApiRateLimitGroup, RateLimitValues> = {
	onlineSession: { perSecond: 10, perMinute: 30, perHour: 120 },
	batchSession: { perSecond: 10, perMinute: 20, perHour: 60 },
	invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 },
	invoiceStatus: { perSecond: 30, perMinute: 120, perHour: 1200 },
	sessionList: { perSecond: 5, perMinute: 10, perHour: 60 },
	sessionInvoiceList: { perSecond: 10, perMinute: 20, perHour: 200 },
	sessionMisc: { perSecond: 10, perMinute: 120, perHour: 1200 },
	invoiceMetadata: { perSecond: 8, perMinute: 16, perHour: 20 },
	invoiceExport: { perSecond: 8, perMinute: 16, perHour: 20 },
	invoiceExportStatus: { perSecond: 10, perMinute: 60, perHour: 600 },
	invoiceDownload: { perSecond: 8, perMinute: 16, perHour: 64 },
	collectiveIdentifier: { perSecond: 10, perMinute: 30, perHour: 120 },
	other: { perSecond: 10, perMinute: 30, perHour: 120 },
};

/** openapi.json `x-rate-limits` of the sign-in endpoints: `{ perSecond: 60 }` only. */
export const AUTHENTICATION_RATE_LIMIT: RateLimitValues = { perSecond: 60, perMinute: Number.POSITIVE_INFINITY, perHour: Number.POSITIVE_INFINITY };

const WINDOWS: Array<[keyof RateLimitValues, number, string]> = [
	['perSecond', 1_000, 'sekundę'],
	['perMinute', 60_000, 'minutę'],
	['perHour', 3_600_000, 'godzinę'],
];

export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly options: SimulatorOptions['rateLimits']) {}

	effective(group: RateLimitGroup): RateLimitValues {
		const override = this.options.overrides[group];
		if (override) return override;
		const prd = group === 'authentication' ? AUTHENTICATION_RATE_LIMIT : PRD_RATE_LIMITS[group];
		const m = this.options.multiplier;
		return { perSecond: prd.perSecond * m, perMinute: prd.perMinute * m, perHour: prd.perHour * m };
	}

	/** Records a request; returns the refusal (seconds to wait and the message) when a window is full. */
	check(group: RateLimitGroup, key: string, nowMs: number): { retryAfterSeconds: number; detail: string } | undefined {
		if (!this.options.enabled) return undefined;
		const id = `${group}|${key}`;
		const times = (this.hits.get(id) ?? []).filter((t) => t > nowMs - 3_600_000);
		const limits = this.effective(group);
		for (const [field, windowMs, word] of WINDOWS) {
			const inWindow = times.filter((t) => t > nowMs - windowMs);
			if (inWindow.length >= limits[field]) {
				const retryAfterSeconds = Math.max(1, Math.ceil((inWindow[0] + windowMs - nowMs) / 1000));
				this.hits.set(id, times);
				return {
					retryAfterSeconds,
					detail: `Przekroczono limit ${limits[field]} żądań na ${word}. Spróbuj ponownie po ${retryAfterSeconds} sekundach.`,
				};
			}
		}
		times.push(nowMs);
		this.hits.set(id, times);
		return undefined;
	}
}
