import { KsefAuthenticationError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';
import { isLostOrServerError } from '../http/retryTable';
import { sleep as defaultSleep, type Sleep } from '../http/retry';
import { refreshAccessToken, type Authenticator, type AuthPollPolicy, type IssuedTokens } from './authentication';

/**
 * Access tokens live for minutes to hours and authentication costs five calls against rate-limited endpoints,
 * so tokens are kept per process and shared by every execution that uses the same credential. The key holds a
 * hash of the KSeF token or the certificate's fingerprint, never a secret.
 */
interface CacheEntry {
	tokens?: IssuedTokens;
	inFlight?: Promise<IssuedTokens>;
	/** A definitive refusal, answered again without asking KSeF until `untilMs`. */
	refusal?: { error: KsefAuthenticationError; untilMs: number };
}

const entries = new Map<string, CacheEntry>();

export function clearTokenCache(): void {
	entries.clear();
}

/**
 * Final statuses that another attempt a moment later cannot change: wrong or revoked token (450), bad
 * certificate (460), no permissions (415), deceased (470), blocked (480). 500/550 are worth retrying.
 */
const DEFINITIVE_REFUSALS = new Set([415, 450, 460, 470, 480]);
const REFUSAL_MEMORY_MS = 60_000;

export interface AccessTokenProviderOptions {
	poll: AuthPollPolicy;
	renewMarginMs: number;
	sleep?: Sleep;
	now?: () => number;
}

export class AccessTokenProvider {
	private readonly key: string;
	private readonly now: () => number;

	constructor(
		private readonly http: HttpClient,
		private readonly authenticator: Authenticator,
		private readonly options: AccessTokenProviderOptions,
	) {
		this.key = `${http.baseUrl}|${authenticator.cacheKey}`;
		this.now = options.now ?? Date.now;
	}

	/** A valid access token: cached, refreshed, or from a new authentication, whichever is cheapest. */
	async get(): Promise<string> {
		const entry = this.entry();
		const tokens = entry.tokens;
		if (tokens && tokens.accessTokenValidUntilMs - this.options.renewMarginMs > this.now()) return tokens.accessToken;
		// Without this, every item of a large execution (and every execution of a busy workflow) would run a full
		// authentication against a credential KSeF has just refused.
		if (entry.refusal && entry.refusal.untilMs > this.now()) throw entry.refusal.error;
		entry.inFlight ??= this.renew(tokens).finally(() => {
			entry.inFlight = undefined;
		});
		try {
			return (await entry.inFlight).accessToken;
		} catch (error) {
			// The shared sign-in ran on the execution that started it; if that one was cancelled, the others sign in
			// themselves rather than fail with its cancellation.
			const cancelledElsewhere = error instanceof Error && error.name === 'AbortError' && !this.http.signal?.aborted;
			if (!cancelledElsewhere) throw error;
			return this.get();
		}
	}

	describeSigner(): string {
		return this.authenticator.describeSigner();
	}

	/** KSeF said 401 to this access token: forget it, unless a concurrent caller already replaced it. */
	invalidate(accessToken: string): void {
		const entry = this.entry();
		if (entry.tokens?.accessToken === accessToken) {
			entry.tokens = { ...entry.tokens, accessTokenValidUntilMs: 0 };
		}
	}

	/** A full authentication, ignoring anything cached or remembered (the credential test uses this). */
	async authenticate(): Promise<IssuedTokens> {
		const entry = this.entry();
		const signIn = () => this.authenticator.authenticate(this.http, this.options.poll, this.options.sleep ?? defaultSleep);
		try {
			// retryTable.ts: after a 5xx or a lost answer on any sign-in step, one fresh authentication (a new
			// challenge) is always safe; a redeemed or half-finished one simply expires.
			const tokens = await signIn().catch((error: unknown) => {
				if (!isLostOrServerError(error)) throw error;
				return signIn();
			});
			entry.tokens = tokens;
			entry.refusal = undefined;
			return tokens;
		} catch (error) {
			if (error instanceof KsefAuthenticationError && error.statusCode !== undefined && DEFINITIVE_REFUSALS.has(error.statusCode)) {
				entry.refusal = { error, untilMs: this.now() + REFUSAL_MEMORY_MS };
			}
			throw error;
		}
	}

	private async renew(previous: IssuedTokens | undefined): Promise<IssuedTokens> {
		if (previous && previous.refreshTokenValidUntilMs - this.options.renewMarginMs > this.now()) {
			try {
				const refreshed = await refreshAccessToken(this.http, previous.refreshToken);
				const tokens = { ...previous, ...refreshed };
				this.entry().tokens = tokens;
				return tokens;
			} catch {
				// Whatever went wrong with the refresh (revoked or expired refresh token: 400/21301 or 401; a 5xx or a
				// lost answer), a fresh authentication is always safe and is what KSeF expects next.
			}
		}
		return this.authenticate();
	}

	private entry(): CacheEntry {
		let entry = entries.get(this.key);
		if (!entry) {
			entry = {};
			entries.set(this.key, entry);
		}
		return entry;
	}
}
