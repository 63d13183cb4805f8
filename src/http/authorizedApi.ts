import type { AccessTokenProvider } from '../auth/tokenCache';
import { KsefApiError } from '../errors/KsefError';
import type { HttpClient, HttpRequest, HttpResponse } from './httpClient';

export type ApiRequest = Omit<HttpRequest, 'bearer'>;

/**
 * Calls that need an access token. A 401 means KSeF no longer accepts the cached token (revoked, expired early,
 * simulator restarted): the call is made once more with a freshly obtained one.
 */
export class AuthorizedApi {
	constructor(
		readonly http: HttpClient,
		readonly tokens: AccessTokenProvider,
	) {}

	json<T>(req: ApiRequest): Promise<HttpResponse<T>> {
		return this.withToken((bearer) => this.http.json<T>({ ...req, bearer }));
	}

	bytes(req: ApiRequest, accept?: string): Promise<HttpResponse<Buffer>> {
		return this.withToken((bearer) => this.http.bytes({ ...req, bearer }, accept));
	}

	private async withToken<T>(call: (bearer: string) => Promise<T>): Promise<T> {
		const bearer = await this.tokens.get();
		try {
			return await call(bearer);
		} catch (error) {
			if (!(error instanceof KsefApiError) || error.httpStatus !== 401) throw error;
			this.tokens.invalidate(bearer);
			return call(await this.tokens.get());
		}
	}
}
