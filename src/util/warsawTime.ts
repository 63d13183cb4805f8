/**
 * KSeF reads dates in Polish time: an issue date is a calendar day in Warsaw, and a date-time without an offset
 * means Warsaw wall-clock time. These helpers turn both into exact instants with an explicit offset.
 */
const parts = new Intl.DateTimeFormat('en-US', {
	timeZone: 'Europe/Warsaw',
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

/** Minutes Warsaw is ahead of UTC at instant `ms` (60 in winter, 120 in summer). */
export function warsawOffsetMinutes(ms: number): number {
	const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
	const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
	return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of a Warsaw wall-clock time given as if it were UTC. */
export function fromWarsawWallClock(wallMs: number): number {
	const guess = wallMs - warsawOffsetMinutes(wallMs) * 60_000;
	return wallMs - warsawOffsetMinutes(guess) * 60_000;
}

/** Midnight in Warsaw at the start of `day` (YYYY-MM-DD), as an instant. */
export function warsawDayStartMs(day: string): number {
	const [year, month, date] = day.slice(0, 10).split('-').map(Number);
	return fromWarsawWallClock(Date.UTC(year, month - 1, date));
}

/** `2026-02-01T10:00:00` (Warsaw) or any ISO string with an offset → an instant; NaN when unreadable. */
export function parseKsefInstant(value: string): number {
	const text = value.trim();
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return warsawDayStartMs(text);
	if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return Date.parse(text);
	const wall = Date.parse(`${text}Z`);
	return Number.isNaN(wall) ? NaN : fromWarsawWallClock(wall);
}

/** ISO 8601 with Warsaw's offset, as KSeF writes dates. */
export function toWarsawIso(ms: number): string {
	const offset = warsawOffsetMinutes(ms);
	const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
	const sign = offset >= 0 ? '+' : '-';
	const abs = Math.abs(offset);
	return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `ms` plus whole calendar months, counted in UTC or in Warsaw wall-clock fields; the day clamps to the month's end. */
export function addMonths(ms: number, months: number, zone: 'UTC' | 'Warsaw'): number {
	const shift = zone === 'Warsaw' ? warsawOffsetMinutes(ms) * 60_000 : 0;
	const d = new Date(ms + shift);
	const targetMonth = d.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(d.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
	const wall = Date.UTC(d.getUTCFullYear(), targetMonth, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
	return zone === 'Warsaw' ? fromWarsawWallClock(wall) : wall;
}
