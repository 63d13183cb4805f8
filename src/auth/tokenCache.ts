import { sha256Hex } from '../crypto/hash';
import { KsefApiError } from '../errors/KsefError';
import type { HttpClient } from '../http/httpClient';
import type { Sleep } from '../http/retry';
import {
	authenticateWithToken,
	refreshAccessToken,
	type AuthPollPolicy,
	type IssuedTokens,
	type TokenCredentials,
} from './tokenAuthenticator';

/**
 * Access tokens live for minutes to hours and authentication costs five calls against rate-limited endpoints,
 * so tokens are kept per process and shared by every execution that uses the same credential. The key holds a
 * hash of the KSeF token, never the token.
 */
interface CacheEntry {
	tokens?: IssuedTokens;
	inFlight?: Promise<IssuedTokens>;
}

const entries = new Map<string, CacheEntry>();

export function clearTokenCache(): void {
	entries.clear();
}

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
		private readonly credentials: TokenCredentials,
		private readonly options: AccessTokenProviderOptions,
	) {
		this.key = `${http.baseUrl}|${credentials.nip}|${sha256Hex(credentials.token)}`;
		this.now = options.now ?? Date.now;
	}

	/** A valid access token: cached, refreshed, or from a new authentication, whichever is cheapest. */
	async get(): Promise<string> {
		const entry = this.entry();
		const tokens = entry.tokens;
		if (tokens && tokens.accessTokenValidUntilMs - this.options.renewMarginMs > this.now()) return tokens.accessToken;
		entry.inFlight ??= this.renew(tokens).finally(() => {
			entry.inFlight = undefined;
		});
		return (await entry.inFlight).accessToken;
	}

	/** KSeF said 401 to this access token: forget it, unless a concurrent caller already replaced it. */
	invalidate(accessToken: string): void {
		const entry = this.entry();
		if (entry.tokens?.accessToken === accessToken) {
			entry.tokens = { ...entry.tokens, accessTokenValidUntilMs: 0 };
		}
	}

	/** A full authentication, ignoring anything cached (the credential test uses this). */
	async authenticate(): Promise<IssuedTokens> {
		const tokens = await authenticateWithToken(this.http, this.credentials, this.options.poll, this.options.sleep);
		this.entry().tokens = tokens;
		return tokens;
	}

	private async renew(previous: IssuedTokens | undefined): Promise<IssuedTokens> {
		if (previous && previous.refreshTokenValidUntilMs - this.options.renewMarginMs > this.now()) {
			try {
				const refreshed = await refreshAccessToken(this.http, previous.refreshToken);
				const tokens = { ...previous, ...refreshed };
				this.entry().tokens = tokens;
				return tokens;
			} catch (error) {
				// A revoked or expired refresh token comes back as 400 (21301) as often as 401: either way,
				// start again from the KSeF token instead of failing the workflow.
				if (!(error instanceof KsefApiError) || (error.httpStatus !== 400 && error.httpStatus !== 401)) throw error;
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
