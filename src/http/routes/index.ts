import type { App } from '../app.js';
import type { Services } from '../services.js';
import { accountRoutes } from './account.js';
import { authRoutes } from './auth.js';
import { companyRoutes } from './companies.js';
import { domainRoutes } from './domains.js';
import { exportRoutes } from './exports.js';
import { healthRoutes } from './health.js';
import { invitationRoutes } from './invitations.js';
import { meRoutes } from './me.js';
import { memberRoutes } from './members.js';
import { auditEventRoutes } from './audit-events.js';
import { contractRoutes } from './contracts.js';
import { ownershipRoutes } from './ownership.js';
import { sessionRoutes } from './sessions.js';
import { scimRoutes } from './scim.js';
import { companyApiTokenRoutes, scimTokenRoutes } from './company-tokens.js';
import { permissionRoutes } from './permissions.js';
import { ssoRoutes } from './sso.js';
import { teamRoutes } from './teams.js';
import { twoFactorRoutes } from './two-factor.js';
import { webhookRoutes } from './webhooks.js';

/** Every route of API.md, by area. */
export function registerRoutes(app: App, services: Services): void {
  for (const routes of [healthRoutes, authRoutes, accountRoutes, meRoutes, sessionRoutes, companyRoutes, memberRoutes, teamRoutes, contractRoutes, auditEventRoutes, ownershipRoutes, invitationRoutes, twoFactorRoutes, domainRoutes, ssoRoutes, exportRoutes, scimTokenRoutes, companyApiTokenRoutes, permissionRoutes, scimRoutes, webhookRoutes]) routes(app, services);
}
