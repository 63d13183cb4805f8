/** What a context may do: session limits, rate limits, and whether it may send invoices with attachments. */
import { PRD_RATE_LIMITS } from '../rateLimits';
import type { RateLimitGroup } from '../options';
import type { Simulator } from '../simulator';

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

export function registerInfoRoutes(sim: Simulator): void {
	sim.router.add(
		'GET',
		'/limits/context',
		(ctx) => {
			sim.requireAccess(ctx);
			const { limits } = sim.options;
			const session = {
				maxInvoiceSizeInMB: mb(limits.maxInvoiceSizeBytes),
				maxInvoiceWithAttachmentSizeInMB: mb(limits.maxInvoiceWithAttachmentSizeBytes),
				maxInvoices: limits.maxInvoicesPerSession,
			};
			return { status: 200, json: { onlineSession: session, batchSession: session } };
		},
		{ rateLimitGroup: 'other' },
	);
	sim.router.add(
		'GET',
		'/limits/subject',
		(ctx) => {
			sim.requireAccess(ctx);
			return { status: 200, json: { enrollment: { maxEnrollments: 300 }, certificate: { maxCertificates: 100 } } };
		},
		{ rateLimitGroup: 'other' },
	);
	sim.router.add(
		'GET',
		'/rate-limits',
		(ctx) => {
			sim.requireAccess(ctx);
			const groups = Object.keys(PRD_RATE_LIMITS) as RateLimitGroup[];
			return { status: 200, json: Object.fromEntries(groups.map((group) => [group, sim.rateLimiter.effective(group)])) };
		},
		{ rateLimitGroup: 'other' },
	);
	sim.router.add(
		'GET',
		'/permissions/attachments/status',
		(ctx) => {
			const caller = sim.requireAccess(ctx);
			const subject = sim.state.subjects[caller.nip];
			const revokedDate = subject?.attachmentRevokedDate;
			const allowed = Boolean(subject?.attachmentAllowed) && (!revokedDate || Date.parse(revokedDate) > sim.now());
			// As on TEST: after a revocation the permission still reads true, with the future end date beside it.
			return { status: 200, json: revokedDate ? { isAttachmentAllowed: allowed, revokedDate } : { isAttachmentAllowed: allowed } };
		},
		{ rateLimitGroup: 'other' },
	);
}
