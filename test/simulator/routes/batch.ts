import type { Simulator } from '../simulator';

export function registerBatchRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
