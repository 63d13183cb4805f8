/** What a context may do: session limits, rate limits, and whether it may send invoices with attachments. */
import type { components } from '../../../src/api/ksefApi';
import type { ApiRateLimitGroup } from '../options';
import { attachmentAllowed } from '../processing/verification';
import { PRD_RATE_LIMITS } from '../rateLimits';
import type { Reply, RequestContext } from '../router';
import type { Simulator } from '../simulator';
import type { SessionLimits } from '../state';

type EffectiveContextLimits = components['schemas']['EffectiveContextLimits'];
type EffectiveSubjectLimits = components['schemas']['EffectiveSubjectLimits'];
type EffectiveApiRateLimits = components['schemas']['EffectiveApiRateLimits'];
type CheckAttachmentPermissionStatusResponse = components['schemas']['CheckAttachmentPermissionStatusResponse'];

/** KSeF's defaults for certificate enrolments and certificates per subject (docs: limity/limity.md). */
export const DEFAULT_SUBJECT_LIMITS = { maxEnrollments: 300, maxCertificates: 100 };

const mb = (bytes: number) => Math.floor(bytes / (1024 * 1024));

/** The simulator's own limits, unless /testdata/limits/context/session set others for this context. */
export function contextLimits(sim: Simulator, nip: string): EffectiveContextLimits {
	const override = sim.state.sessionLimitOverrides?.[nip];
	if (override) return override;
	const { limits } = sim.options;
	const session: SessionLimits = {
		maxInvoiceSizeInMB: mb(limits.maxInvoiceSizeBytes),
		maxInvoiceWithAttachmentSizeInMB: mb(limits.maxInvoiceWithAttachmentSizeBytes),
		maxInvoices: limits.maxInvoicesPerSession,
	};
	return { onlineSession: session, batchSession: { ...session } };
}

function subjectLimits(sim: Simulator, nip: string): EffectiveSubjectLimits {
	const override = sim.state.subjectLimitOverrides?.[nip];
	return {
		enrollment: { maxEnrollments: override?.maxEnrollments ?? DEFAULT_SUBJECT_LIMITS.maxEnrollments },
		certificate: { maxCertificates: override?.maxCertificates ?? DEFAULT_SUBJECT_LIMITS.maxCertificates },
	};
}

function rateLimits(sim: Simulator): EffectiveApiRateLimits {
	const groups = Object.keys(PRD_RATE_LIMITS) as ApiRateLimitGroup[];
	return Object.fromEntries(groups.map((group) => [group, sim.rateLimiter.effective(group)])) as EffectiveApiRateLimits;
}

function attachmentStatus(sim: Simulator, nip: string): CheckAttachmentPermissionStatusResponse {
	const revokedDate = sim.state.subjects[nip]?.attachmentRevokedDate;
	// As on TEST: after a revocation the permission still reads true, with the (future) end date beside it.
	const isAttachmentAllowed = attachmentAllowed(sim, nip);
	return revokedDate ? { isAttachmentAllowed, revokedDate } : { isAttachmentAllowed };
}

export function registerInfoRoutes(sim: Simulator): void {
	const authenticated = (answer: (nip: string) => unknown) => (ctx: RequestContext): Reply => ({
		status: 200,
		json: answer(sim.requireAccess(ctx).nip),
	});
	sim.router.add('GET', '/limits/context', authenticated((nip) => contextLimits(sim, nip)), { rateLimitGroup: 'other' });
	sim.router.add('GET', '/limits/subject', authenticated((nip) => subjectLimits(sim, nip)), { rateLimitGroup: 'other' });
	sim.router.add('GET', '/rate-limits', authenticated(() => rateLimits(sim)), { rateLimitGroup: 'other' });
	sim.router.add('GET', '/permissions/attachments/status', authenticated((nip) => attachmentStatus(sim, nip)), {
		rateLimitGroup: 'other',
	});
}
