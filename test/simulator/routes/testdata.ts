/**
 * TEST-environment set-up endpoints, unauthenticated as on TEST: subjects, persons, the attachment permission
 * (whose revocation only takes effect later), limit overrides — and /testdata/permissions, which answers 500
 * as it has on TEST since the 2.0 launch (guide.txt, known issues).
 */
import { exception } from '../errors';
import type { RequestContext } from '../router';
import type { Simulator } from '../simulator';

interface NipBody {
	nip?: string;
	subjectNip?: string;
	description?: string;
	expectedEndDate?: string | null;
}

/** On TEST a revocation without a date ends the permission at the end of the day, not at once. */
const REVOCATION_DELAY_MS = 24 * 3_600_000;

export function registerTestdataRoutes(sim: Simulator): void {
	const ok = () => ({ status: 200 });
	const body = (ctx: RequestContext) => ctx.json as NipBody;

	sim.router.add('POST', '/testdata/subject', (ctx) => {
		const nip = body(ctx).subjectNip ?? '';
		const existing = sim.state.subjects[nip];
		sim.state.subjects[nip] = existing ?? { nip, tokenHashes: [], attachmentAllowed: false, description: body(ctx).description };
		return ok();
	});
	sim.router.add('POST', '/testdata/subject/remove', (ctx) => {
		delete sim.state.subjects[body(ctx).subjectNip ?? ''];
		return ok();
	});
	sim.router.add('POST', '/testdata/person', ok);
	sim.router.add('POST', '/testdata/person/remove', ok);
	sim.router.add('POST', '/testdata/permissions', () => {
		throw exception(500, 500, 'Nieznany błąd serwera.', ['Wewnętrzny błąd serwera (znany problem środowiska TEST).']);
	});
	sim.router.add('POST', '/testdata/permissions/revoke', ok);
	sim.router.add('POST', '/testdata/attachment', (ctx) => {
		const subject = sim.state.subjects[body(ctx).nip ?? ''];
		if (subject) {
			subject.attachmentAllowed = true;
			subject.attachmentRevokedDate = undefined;
		}
		return ok();
	});
	sim.router.add('POST', '/testdata/attachment/revoke', (ctx) => {
		const subject = sim.state.subjects[body(ctx).nip ?? ''];
		if (subject) {
			const end = body(ctx).expectedEndDate;
			subject.attachmentRevokedDate = end ?? new Date(sim.now() + REVOCATION_DELAY_MS).toISOString();
		}
		return ok();
	});
	sim.router.add('POST', '/testdata/context/block', ok);
	sim.router.add('POST', '/testdata/context/unblock', ok);
}
