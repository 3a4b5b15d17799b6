import type { App } from '../app.js';
import type { Services } from '../services.js';
import { authRoutes } from './auth.js';
import { companyRoutes } from './companies.js';
import { healthRoutes } from './health.js';
import { meRoutes } from './me.js';

/** Every route of API.md, by area. */
export function registerRoutes(app: App, services: Services): void {
  for (const routes of [healthRoutes, authRoutes, meRoutes, companyRoutes]) routes(app, services);
}
