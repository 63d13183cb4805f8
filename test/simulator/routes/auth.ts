import type { Simulator } from '../simulator';

export function registerAuthRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
