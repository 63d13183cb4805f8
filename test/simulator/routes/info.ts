import type { Simulator } from '../simulator';

export function registerInfoRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
