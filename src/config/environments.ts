/** Where each KSeF 2.0 environment lives. `custom` covers the local simulator and any test double. */
export type KsefEnvironment = 'test' | 'demo' | 'prod' | 'custom';

export const ENVIRONMENT_BASE_URLS: Record<Exclude<KsefEnvironment, 'custom'>, string> = {
	test: 'https://api-test.ksef.mf.gov.pl/v2',
	demo: 'https://api-demo.ksef.mf.gov.pl/v2',
	prod: 'https://api.ksef.mf.gov.pl/v2',
};

/** The API base URL without a trailing slash; paths are appended to it as they appear in the OpenAPI spec. */
export function resolveBaseUrl(environment: KsefEnvironment, customBaseUrl?: string): string {
	if (environment !== 'custom') return ENVIRONMENT_BASE_URLS[environment];
	const url = (customBaseUrl ?? '').trim();
	if (!/^https?:\/\/[^\s/]+/i.test(url)) {
		throw new Error(
			`Custom base URL "${url}" is not an http(s) URL. Enter the API root including /v2, e.g. http://127.0.0.1:8080/v2.`,
		);
	}
	return url.replace(/\/+$/, '');
}
