import type { Simulator } from '../simulator';

export function registerTestdataRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
