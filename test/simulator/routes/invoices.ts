import type { Simulator } from '../simulator';

export function registerInvoiceRoutes(_sim: Simulator): void {
	// TODO(helper): routes for this group.
}
