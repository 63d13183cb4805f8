import type { Simulator } from '../simulator';
import { registerAuthRoutes } from './auth';
import { registerBatchRoutes } from './batch';
import { registerInfoRoutes } from './info';
import { registerInvoiceRoutes } from './invoices';
import { registerOnlineRoutes } from './online';
import { registerSecurityRoutes } from './security';
import { registerStatusRoutes } from './status';
import { registerTestdataRoutes } from './testdata';
import { resumeVerification } from '../processing/verification';

export function registerAllRoutes(sim: Simulator): void {
	registerSecurityRoutes(sim);
	registerAuthRoutes(sim);
	registerOnlineRoutes(sim);
	registerBatchRoutes(sim);
	registerStatusRoutes(sim);
	registerInvoiceRoutes(sim);
	registerInfoRoutes(sim);
	registerTestdataRoutes(sim);
	resumeVerification(sim);
}
