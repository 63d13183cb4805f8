import type { Simulator } from '../simulator';

export function registerOnlineRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
