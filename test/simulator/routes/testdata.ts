/**
 * TEST-environment set-up endpoints. Subjects, persons, attachments, permissions and context blocking need no
 * token (as on TEST); the limit overrides act on the caller's context and need an access token.
 * Reproduced TEST quirks (guide.txt): /testdata/permissions answers 500, and an attachment revocation only
 * takes effect at a later date (the status keeps saying true, with `revokedDate` beside it).
 */
import type { components } from '../../../src/api/ksefApi';
import { badRequest, exception } from '../errors';
import type { RateLimitGroup, RateLimitValues } from '../options';
import { PRD_RATE_LIMITS } from '../rateLimits';
import type { Reply, RequestContext } from '../router';
import type { Simulator } from '../simulator';

type Schemas = components['schemas'];
type SubjectCreateRequest = Schemas['SubjectCreateRequest'];
type PersonCreateRequest = Schemas['PersonCreateRequest'];
type AttachmentPermissionRevokeRequest = Schemas['AttachmentPermissionRevokeRequest'];
type BlockContextAuthenticationRequest = Schemas['BlockContextAuthenticationRequest'];
type SetSessionLimitsRequest = Schemas['SetSessionLimitsRequest'];
type SetSubjectLimitsRequest = Schemas['SetSubjectLimitsRequest'];
type SetRateLimitsRequest = Schemas['SetRateLimitsRequest'];

const OK: Reply = { status: 200 };

/** Without `expectedEndDate`, TEST ends the permission at the end of the current day, not at once. */
function revocationDate(expectedEndDate: string | null | undefined, nowMs: number): string {
	const day = expectedEndDate ?? new Date(nowMs).toISOString().slice(0, 10);
	return `${day}T23:59:59.000Z`;
}

function createSubject(sim: Simulator, nip: string, description: string): void {
	if (sim.state.subjects[nip]) throw badRequest(30001, 'Podmiot lub uprawnienie już istnieje.');
	sim.state.subjects[nip] = { nip, tokenHashes: [], attachmentAllowed: false, description };
}

function subjectFor(sim: Simulator, nip: string) {
	sim.state.subjects[nip] ??= { nip, tokenHashes: [], attachmentAllowed: false };
	return sim.state.subjects[nip];
}

function registerSubjectRoutes(sim: Simulator): void {
	sim.router.add('POST', '/testdata/subject', (ctx) => {
		const body = ctx.json as SubjectCreateRequest;
		createSubject(sim, body.subjectNip, body.description);
		for (const subunit of body.subunits ?? []) createSubject(sim, subunit.subjectNip, subunit.description);
		return OK;
	});
	sim.router.add('POST', '/testdata/subject/remove', (ctx) => {
		delete sim.state.subjects[(ctx.json as Schemas['SubjectRemoveRequest']).subjectNip];
		return OK;
	});
	// A person (e.g. a sole trader) acts in the context of their own NIP, so the simulator keeps them as a subject.
	sim.router.add('POST', '/testdata/person', (ctx) => {
		const body = ctx.json as PersonCreateRequest;
		createSubject(sim, body.nip, body.description);
		return OK;
	});
	sim.router.add('POST', '/testdata/person/remove', (ctx) => {
		delete sim.state.subjects[(ctx.json as Schemas['PersonRemoveRequest']).nip];
		return OK;
	});
	sim.router.add('POST', '/testdata/permissions', () => {
		throw exception(500, 500, 'Wystąpił nieoczekiwany błąd.');
	});
	sim.router.add('POST', '/testdata/permissions/revoke', () => OK);
	sim.router.add('POST', '/testdata/attachment', (ctx) => {
		const subject = subjectFor(sim, (ctx.json as Schemas['AttachmentPermissionGrantRequest']).nip);
		subject.attachmentAllowed = true;
		subject.attachmentRevokedDate = undefined;
		return OK;
	});
	sim.router.add('POST', '/testdata/attachment/revoke', (ctx) => {
		const body = ctx.json as AttachmentPermissionRevokeRequest;
		subjectFor(sim, body.nip).attachmentRevokedDate = revocationDate(body.expectedEndDate, sim.now());
		return OK;
	});
	const setBlocked = (ctx: RequestContext, blocked: boolean): Reply => {
		const context = (ctx.json as BlockContextAuthenticationRequest | undefined)?.contextIdentifier;
		// Only NIP contexts can authenticate here, so only they can be blocked.
		if (context?.type === 'Nip') subjectFor(sim, context.value).authenticationBlocked = blocked;
		return OK;
	};
	sim.router.add('POST', '/testdata/context/block', (ctx) => setBlocked(ctx, true));
	sim.router.add('POST', '/testdata/context/unblock', (ctx) => setBlocked(ctx, false));
}

/**
 * The overrides act on the caller's context. Session and subject limits are kept per NIP and reported by
 * /limits/*; rate limits are one set for the whole simulator (its limiter has no per-context values).
 */
function registerLimitRoutes(sim: Simulator): void {
	const defaultRateOverrides = { ...sim.options.rateLimits.overrides };
	const setRateOverrides = (values: Partial<Record<RateLimitGroup, RateLimitValues>>) => {
		const overrides = sim.options.rateLimits.overrides;
		for (const group of Object.keys(overrides) as RateLimitGroup[]) delete overrides[group];
		Object.assign(overrides, values);
	};
	const withCaller = (apply: (nip: string, ctx: RequestContext) => void) => (ctx: RequestContext): Reply => {
		apply(sim.requireAccess(ctx).nip, ctx);
		return OK;
	};
	const other = { rateLimitGroup: 'other' as const };

	sim.router.add(
		'POST',
		'/testdata/limits/context/session',
		withCaller((nip, ctx) => {
			const { onlineSession, batchSession } = ctx.json as SetSessionLimitsRequest;
			sim.state.sessionLimitOverrides = { ...sim.state.sessionLimitOverrides, [nip]: { onlineSession, batchSession } };
		}),
		other,
	);
	sim.router.add('DELETE', '/testdata/limits/context/session', withCaller((nip) => delete sim.state.sessionLimitOverrides?.[nip]), other);
	sim.router.add(
		'POST',
		'/testdata/limits/subject/certificate',
		withCaller((nip, ctx) => {
			const body = ctx.json as SetSubjectLimitsRequest;
			sim.state.subjectLimitOverrides = {
				...sim.state.subjectLimitOverrides,
				[nip]: { maxEnrollments: body.enrollment?.maxEnrollments ?? undefined, maxCertificates: body.certificate?.maxCertificates ?? undefined },
			};
		}),
		other,
	);
	sim.router.add('DELETE', '/testdata/limits/subject/certificate', withCaller((nip) => delete sim.state.subjectLimitOverrides?.[nip]), other);
	sim.router.add('POST', '/testdata/rate-limits', withCaller((_nip, ctx) => setRateOverrides((ctx.json as SetRateLimitsRequest).rateLimits)), other);
	sim.router.add('DELETE', '/testdata/rate-limits', withCaller(() => setRateOverrides(defaultRateOverrides)), other);
	sim.router.add('POST', '/testdata/rate-limits/production', withCaller(() => setRateOverrides(PRD_RATE_LIMITS)), other);
}

export function registerTestdataRoutes(sim: Simulator): void {
	registerSubjectRoutes(sim);
	registerLimitRoutes(sim);
}
