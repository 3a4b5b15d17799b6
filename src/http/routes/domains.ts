import { z } from 'zod';
import { addDomain } from '../../commands/add-domain.js';
import { checkDomain } from '../../commands/check-domain.js';
import { approveJoinRequest } from '../../commands/approve-join-request.js';
import { declineJoinRequest } from '../../commands/decline-join-request.js';
import { joinByDomain } from '../../commands/join-by-domain.js';
import { removeDomain } from '../../commands/remove-domain.js';
import { setJoining } from '../../commands/set-joining.js';
import { presentDomain, presentJoinRequest } from '../../presenters/domains.js';
import { listDomains, listJoinableCompanies, listJoinRequests } from '../../queries/domains.js';
import type { App } from '../app.js';
import { rateLimitHooks } from '../rate-limits.js';
import { companyParams, domainShape, id, joinableCompanyShape, joiningShape, joinRequestShape, pendingJoinRequestShape } from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

const domainParams = z.strictObject({ companyId: id, domainId: id });
const requestParams = z.strictObject({ companyId: id, requestId: id });

/** A company's verified domains, and joining by them (API.md "Domains and joining"). */
export function domainRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);
  app.get(
    '/api/v1/companies/:companyId/domains',
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(domainShape), joining: joiningShape }) } } },
    async (request) => listDomains(services.db, userIdOf(request), request.params.companyId),
  );

  app.post(
    '/api/v1/companies/:companyId/domains',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ domain: z.string().min(1).max(300) }),
        response: { 201: z.object({ domain: domainShape }) },
      },
    },
    async (request, reply) => {
      const row = await addDomain(contextOf(services, request), request.params.companyId, request.body);
      return reply.code(201).send({ domain: presentDomain(row) });
    },
  );

  app.post(
    '/api/v1/companies/:companyId/domains/:domainId/check',
    { schema: { params: domainParams, response: { 200: z.object({ domain: domainShape }) } } },
    async (request) => {
      const row = await checkDomain(contextOf(services, request), request.params.companyId, request.params.domainId);
      return { domain: presentDomain(row) };
    },
  );

  app.delete(
    '/api/v1/companies/:companyId/domains/:domainId',
    { schema: { params: domainParams } },
    async (request, reply) => {
      await removeDomain(contextOf(services, request), request.params.companyId, request.params.domainId);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/companies/:companyId/joining',
    {
      schema: {
        params: companyParams,
        body: z.strictObject({ mode: z.enum(['off', 'team', 'request']), teamId: id.nullable().optional() }),
        response: { 200: z.object({ joining: joiningShape }) },
      },
    },
    async (request) => ({ joining: await setJoining(contextOf(services, request), request.params.companyId, request.body) }),
  );

  app.get(
    '/api/v1/companies/:companyId/join-requests',
    { schema: { params: companyParams, response: { 200: z.object({ items: z.array(pendingJoinRequestShape) }) } } },
    async (request) => listJoinRequests(services.db, userIdOf(request), request.params.companyId),
  );

  for (const [answer, command] of [['approve', approveJoinRequest], ['decline', declineJoinRequest]] as const) {
    app.post(
      `/api/v1/companies/:companyId/join-requests/:requestId/${answer}`,
      { schema: { params: requestParams, response: { 200: z.object({ request: joinRequestShape }) } } },
      async (request) => {
        const row = await command(contextOf(services, request), request.params.companyId, request.params.requestId);
        return { request: presentJoinRequest(row) };
      },
    );
  }

  app.get(
    '/api/v1/me/joinable-companies',
    { schema: { response: { 200: z.object({ items: z.array(joinableCompanyShape) }) } } },
    async (request) => listJoinableCompanies(services.db, userIdOf(request)),
  );

  app.post(
    '/api/v1/me/joinable-companies/:companyId/join',
    {
      schema: {
        params: companyParams,
        response: { 200: z.object({ companyId: z.string(), status: z.enum(['joined', 'pending']) }) },
      },
      preHandler: limits.joins,
    },
    async (request) => {
      const row = await joinByDomain(contextOf(services, request), request.params.companyId);
      return { companyId: row.companyId, status: row.status === 'joined' ? ('joined' as const) : ('pending' as const) };
    },
  );
}
