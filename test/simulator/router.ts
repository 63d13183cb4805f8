/** Matches a method and path to a route registered under its OpenAPI template. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RateLimitGroup } from './options';

export interface RequestContext {
	method: string;
	/** The OpenAPI path template the request matched, e.g. `/sessions/{referenceNumber}`. */
	template: string;
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, when the request carried one. */
	json: unknown;
	rawBody: Buffer;
	/** Only for routes registered with `streamBody`: the request, body unread. */
	request?: IncomingMessage;
	/** Bearer token, when an Authorization header carried one. */
	bearer?: string;
	clientIp: string;
}

export interface Reply {
	status: number;
	json?: unknown;
	body?: Buffer | string;
	contentType?: string;
	headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface RouteOptions {
	/** KSeF's rate-limit group for this operation (reference.md §12); omitted = not rate-limited. */
	rateLimitGroup?: RateLimitGroup;
	/** Hand the handler the unread request stream instead of a buffered body (part uploads). */
	streamBody?: boolean;
	/** Outside the /v2 API (the pre-signed upload/download URLs); not validated against openapi.json. */
	external?: boolean;
}

export interface Route extends RouteOptions {
	method: string;
	template: string;
	handler: Handler;
	regex: RegExp;
	paramNames: string[];
	literalSegments: number;
}

export class Router {
	private readonly routes: Route[] = [];

	add(method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
		const paramNames: string[] = [];
		const pattern = template
			.split('/')
			.map((segment) => {
				const param = /^\{(.+)\}$/.exec(segment);
				if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				paramNames.push(param[1]);
				return '([^/]+)';
			})
			.join('/');
		this.routes.push({
			...options,
			method: method.toUpperCase(),
			template,
			handler,
			regex: new RegExp(`^${pattern}$`),
			paramNames,
			literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
		});
		// Literal segments win over parameters: /sessions/{ref}/invoices/failed before /sessions/{ref}/invoices/{invRef}.
		this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
	}

	match(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
		const allowed: string[] = [];
		for (const route of this.routes) {
			const m = route.regex.exec(path);
			if (!m) continue;
			if (route.method !== method.toUpperCase()) {
				allowed.push(route.method);
				continue;
			}
			const params: Record<string, string> = {};
			route.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
			return { route, params };
		}
		return allowed.length > 0 ? { allowed } : undefined;
	}
}
