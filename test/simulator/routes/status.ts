import type { Simulator } from '../simulator';

export function registerStatusRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
