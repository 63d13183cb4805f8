/**
 * The simulator's core: options, state, keys, clock and timers, and the HTTP plumbing every route shares
 * (spec validation, rate limits, fault injection, error bodies). Routes live in routes/ and only register here.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimError, asProblemDetails, exception, unauthorized, tooManyRequests, validationError, wantsProblemDetails } from './errors';
import { FaultInjector, seededRandom } from './faults';
import { createKeys, type SimulatorKeys } from './keys';
import { createCertificateAuthority, type CertificateAuthority, type IssuedCertificate, type IssueOptions } from './x509/issueCertificate';
import { queryErrors, requestBodyErrors, responseErrors } from './openapi';
import type { SimulatorOptions } from './options';
import { RateLimiter } from './rateLimits';
import { Router, type Reply, type RequestContext } from './router';
import { loadState, saveState, type IssuedTokenRecord, type SimulatorStateData } from './state';

export const API_PREFIX = '/v2';

export interface ResponseViolation {
	method: string;
	template: string;
	status: number;
	errors: string[];
}

export class Simulator {
	readonly router = new Router();
	readonly state: SimulatorStateData;
	/** Issues KSeF-style certificates; regenerated at every start, so chain checks cover this run's certificates only. */
	readonly certificateAuthority: CertificateAuthority;
	/** Replaced by rotateKeys(): KSeF rotates its public keys and withdraws the old ones. */
	keys: SimulatorKeys;
	readonly rateLimiter: RateLimiter;
	readonly faults: FaultInjector;
	readonly random: () => number;
	/** Every JSON response that broke openapi.json (only filled with `validateResponses`). */
	readonly responseViolations: ResponseViolation[] = [];
	/** Requests whose query or JSON body broke openapi.json (answered 400/21405); client tests assert none. */
	readonly requestViolations: Array<{ method: string; template: string; errors: string[] }> = [];
	/** Every request the simulator answered, for tests that count calls (method + template + status). */
	readonly requestLog: Array<{ method: string; template: string; status: number; hadAuthorization: boolean; userAgent?: string }> = [];
	/** How many more online invoices end with 550 (options.processingCancellations, counted down). */
	cancellationsLeft: number;
	/** How many more batch invoices end with 550 (options.batchCancellations, counted down). */
	batchCancellationsLeft: number;
	/** Faults actually injected, by kind (and key rotations), for reports such as `npm run faults`. */
	readonly injected: Record<string, number> = {};
	private apiRequests = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly closeHandlers: Array<() => void> = [];
	private readonly jwtSecret = randomBytes(32);
	private server?: Server;
	baseUrl = '';
	/** Origin without the /v2 prefix, for the pre-signed upload and download URLs. */
	origin = '';

	constructor(readonly options: SimulatorOptions) {
		this.state = loadState(options.stateDir);
		this.keys = createKeys();
		this.certificateAuthority = createCertificateAuthority();
		this.rateLimiter = new RateLimiter(options.rateLimits);
		this.faults = new FaultInjector(options.faults, options.seed);
		this.random = seededRandom(options.seed ^ 0x5eed);
		this.cancellationsLeft = options.processingCancellations;
		this.batchCancellationsLeft = options.batchCancellations;
		for (const subject of options.subjects) {
			const existing = this.state.subjects[subject.nip];
			const tokenHash = sha256Hex(subject.token);
			this.state.subjects[subject.nip] = {
				nip: subject.nip,
				tokenHashes: [...new Set([...(existing?.tokenHashes ?? []), tokenHash])],
				attachmentAllowed: existing?.attachmentAllowed ?? subject.attachmentAllowed ?? false,
				attachmentRevokedDate: existing?.attachmentRevokedDate,
				description: existing?.description,
				authenticationBlocked: existing?.authenticationBlocked,
				certificateHolders: [...new Set([...(existing?.certificateHolders ?? []), ...(subject.certificateHolders ?? [])])],
			};
		}
	}

	now(): number {
		return Date.now();
	}

	/** A KSeF-style certificate (Authentication by default) issued by the simulator's CA, or a self-signed one. */
	issueCertificate(options: IssueOptions): IssuedCertificate {
		return this.certificateAuthority.issue(options);
	}

	/** Gives `identifier` (`Pesel:…`, `Nip:…`, `Fingerprint:…`) permissions in the context of `contextNip`. */
	grantCertificatePermission(contextNip: string, identifier: string): void {
		const subject = this.state.subjects[contextNip];
		if (!subject) throw new Error(`no subject with NIP ${contextNip} in the simulator`);
		subject.certificateHolders = [...new Set([...(subject.certificateHolders ?? []), identifier])];
	}

	/** Revokes a certificate by serial number (hex): its next sign-in ends with 460 "Certyfikat odwołany". */
	revokeCertificate(serialNumber: string): void {
		this.state.revokedCertificates = [...new Set([...(this.state.revokedCertificates ?? []), serialNumber.toUpperCase()])];
	}

	/** New key pairs replace the current ones; requests naming an old publicKeyId then get 21470, as on KSeF after a rotation. */
	rotateKeys(): void {
		this.keys = createKeys();
		this.countInjection('keyRotation');
	}

	countInjection(kind: string): void {
		this.injected[kind] = (this.injected[kind] ?? 0) + 1;
	}

	log(line: string): void {
		this.options.log?.(line);
	}

	/** Runs `fn` after `ms`; stop() cancels whatever is still pending. */
	schedule(ms: number, fn: () => void | Promise<void>): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			Promise.resolve()
				.then(fn)
				.catch((error: unknown) => this.log(`scheduled task failed: ${String(error)}`));
		}, Math.max(0, ms));
		timer.unref();
		this.timers.add(timer);
	}

	/** A 36-character KSeF reference number: `YYYYMMDD-XX-HHHHHHHHHH-HHHHHHHHHH-HH`. */
	nextReferenceNumber(kind: 'SO' | 'SB' | 'AU' | 'EE' | 'EX' | 'EU' | 'CR'): string {
		this.state.sequence += 1;
		const date = new Date(this.now()).toISOString().slice(0, 10).replace(/-/g, '');
		const seq = this.state.sequence.toString(16).toUpperCase().padStart(10, '0');
		const rnd = randomBytes(6).toString('hex').toUpperCase();
		return `${date}-${kind}-${seq}-${rnd.slice(0, 10)}-${rnd.slice(10, 12)}`;
	}

	/** An HS256 JWT, so clients can read `exp` as they would on KSeF. */
	issueJwt(claims: Record<string, unknown>, validUntilMs: number): string {
		const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const header = b64({ alg: 'HS256', typ: 'JWT' });
		const payload = b64({ ...claims, iat: Math.floor(this.now() / 1000), exp: Math.floor(validUntilMs / 1000), jti: randomBytes(8).toString('hex') });
		const signature = createHmac('sha256', this.jwtSecret).update(`${header}.${payload}`).digest('base64url');
		return `${header}.${payload}.${signature}`;
	}

	/** The access token behind `ctx.bearer`, or a 401 in the spec's shape. */
	requireAccess(ctx: RequestContext): IssuedTokenRecord & { token: string } {
		const token = ctx.bearer;
		if (!token) throw unauthorized('Wymagane jest uwierzytelnienie.');
		const record = this.state.tokens[token];
		if (!record || record.kind !== 'access') throw unauthorized('Nieprawidłowy token dostępowy.');
		if (record.validUntilMs - this.options.tokens.accessTokenEarlyExpiryMs <= this.now()) {
			if (record.validUntilMs > this.now()) this.countInjection('earlyExpiry');
			throw unauthorized('Token dostępowy wygasł.');
		}
		return { ...record, token };
	}

	persist(): void {
		saveState(this.options.stateDir, this.state);
	}

	async listen(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 5_000;
		await new Promise<void>((resolve, reject) => {
			this.server?.once('error', reject);
			this.server?.listen(this.options.port, this.options.host, () => resolve());
		});
		const { port } = this.server.address() as AddressInfo;
		this.origin = `http://${this.options.host}:${port}`;
		this.baseUrl = `${this.origin}${API_PREFIX}`;
		if (this.options.stateDir) {
			const flush = setInterval(() => this.persist(), 2_000);
			flush.unref();
			this.timers.add(flush as unknown as NodeJS.Timeout);
		}
	}

	/** Runs `fn` when the simulator stops (temporary blob folders and the like). */
	onClose(fn: () => void): void {
		this.closeHandlers.push(fn);
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.persist();
		for (const handler of this.closeHandlers.splice(0)) handler();
		const server = this.server;
		if (!server) return;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.origin || 'http://localhost');
		const method = (req.method ?? 'GET').toUpperCase();
		const internal = url.pathname.startsWith(API_PREFIX + '/');
		const path = internal ? url.pathname.slice(API_PREFIX.length) : url.pathname;
		const matched = this.router.match(method, path);
		const warning = internal ? systemWarningFor(req.headers['x-test-system-warning'], this.options.systemWarning) : undefined;
		if (warning) res.setHeader('X-System-Warning', warning);
		let template = path;
		let status = 500;
		try {
			if (!matched) throw exception(404, 21404, 'Nie znaleziono zasobu.', [`${method} ${url.pathname}`]);
			if ('allowed' in matched) throw exception(405, 21405, 'Metoda niedozwolona.', [`Dozwolone: ${matched.allowed.join(', ')}`]);
			const { route, params } = matched;
			// KSeF serves its API only under /v2, and the storage links only outside it.
			if ((route.external ?? false) === internal) throw exception(404, 21404, 'Nie znaleziono zasobu.', [`${method} ${url.pathname}`]);
			template = route.template;
			if (!route.external) {
				this.apiRequests += 1;
				if (this.apiRequests === this.options.keyRotationAtRequest) this.rotateKeys();
			}

			const fault = this.faults.pick(method, route.external ? 'upload' : route.template);
			if (fault) this.countInjection(fault.kind);
			if (fault?.kind === 'reset') {
				req.socket.destroy();
				this.requestLog.push({ method, template, status: 0, hadAuthorization: Boolean(req.headers.authorization), userAgent: req.headers['user-agent'] });
				return;
			}
			if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
			if (fault?.kind === 'status') {
				if (fault.status === 429) throw tooManyRequests(fault.retryAfterSeconds ?? 1, 'Przekroczono limit żądań (symulacja).');
				const unavailable = exception(fault.status, 500, 'Nieznany błąd serwera (symulacja).');
				if (fault.retryAfterSeconds === undefined) throw unavailable;
				throw new SimError(fault.status, unavailable.body, { 'Retry-After': String(fault.retryAfterSeconds) });
			}

			const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
			const clientIp = req.socket.remoteAddress ?? '127.0.0.1';
			if (route.rateLimitGroup) {
				const subject = bearer ? this.state.tokens[bearer]?.nip ?? 'anonymous' : 'anonymous';
				const refusal = this.rateLimiter.check(route.rateLimitGroup, `${subject}|${clientIp}`, this.now());
				if (refusal) throw tooManyRequests(refusal.retryAfterSeconds, refusal.detail);
			}

			const rawBody = route.streamBody ? Buffer.alloc(0) : await readBody(req);
			let json: unknown = undefined;
			if (rawBody.length > 0 && /json/i.test(req.headers['content-type'] ?? 'application/json')) {
				try {
					json = JSON.parse(rawBody.toString('utf8'));
				} catch {
					throw validationError(['Treść żądania nie jest poprawnym dokumentem JSON.']);
				}
			}
			if (!route.external) {
				const errors = [...queryErrors(method, template, url.searchParams), ...requestBodyErrors(method, template, json ?? {})];
				if (errors.length > 0) {
					this.requestViolations.push({ method, template, errors });
					throw validationError(errors);
				}
			}
			const ctx: RequestContext = {
				method,
				template,
				params,
				query: url.searchParams,
				headers: req.headers,
				json,
				rawBody,
				request: route.streamBody ? req : undefined,
				bearer,
				clientIp,
			};
			const reply = await route.handler(ctx);
			// An acknowledged write survives a crash (SIGKILL included): it is on disk before the answer leaves.
			if (method !== 'GET') this.persist();
			if (fault?.kind === 'lostAnswer') {
				req.socket.destroy();
				status = 0;
				return;
			}
			if (fault?.kind === 'statusAfter') throw exception(fault.status, 500, 'Nieznany błąd serwera (symulacja).');
			status = reply.status;
			this.send(res, method, template, reply, !route.external);
		} catch (error: unknown) {
			const simError =
				error instanceof SimError
					? error
					: exception(500, 500, 'Nieznany błąd serwera.', [error instanceof Error ? error.message : String(error)]);
			if (!(error instanceof SimError)) this.log(`internal error on ${method} ${template}: ${String(error)}`);
			status = simError.status;
			const problem = wantsProblemDetails(req.headers, status);
			const contentType = problem || status === 401 || status === 403 || status === 410 ? 'application/problem+json' : 'application/json';
			const json = problem ? asProblemDetails(simError, url.pathname) : simError.body;
			this.send(res, method, template, { status, json, headers: simError.headers, contentType }, matched !== undefined && !('allowed' in matched) && !matched.route.external);
		} finally {
			this.requestLog.push({ method, template, status, hadAuthorization: Boolean(req.headers.authorization), userAgent: req.headers['user-agent'] });
		}
	}

	private send(res: ServerResponse, method: string, template: string, reply: Reply, validate: boolean): void {
		if (res.headersSent || res.destroyed) return;
		const headers: Record<string, string> = { ...reply.headers };
		let body: Buffer | string = '';
		if (reply.json !== undefined) {
			if (validate && this.options.validateResponses) {
				const errors = responseErrors(method, template, reply.status, reply.json, reply.contentType);
				if (errors.length > 0) this.responseViolations.push({ method, template, status: reply.status, errors });
			}
			body = JSON.stringify(reply.json);
			headers['Content-Type'] = reply.contentType ?? 'application/json; charset=utf-8';
		} else if (reply.body !== undefined) {
			body = reply.body;
			headers['Content-Type'] = reply.contentType ?? 'application/octet-stream';
		}
		headers['Content-Length'] = String(Buffer.byteLength(body));
		res.writeHead(reply.status, headers);
		res.end(body);
	}
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function sha256Base64(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('base64');
}

/**
 * The `X-System-Warning` value: what `X-Test-System-Warning` asked for (TEST returns its content), else the
 * configured warning. KSeF ASCII-folds the value (openapi.json `SystemWarning`), so a header stays plain ASCII.
 */
function systemWarningFor(forced: string | string[] | undefined, configured: string | undefined): string | undefined {
	const text = (Array.isArray(forced) ? forced[0] : forced)?.trim() || configured;
	if (!text) return undefined;
	return text
		.replace(/ł/g, 'l')
		.replace(/Ł/g, 'L')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]/g, '?');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
