import { z } from 'zod';
import { acceptInvitation } from '../../commands/accept-invitation.js';
import { declineInvitation } from '../../commands/decline-invitation.js';
import { inviteMany } from '../../commands/invite-many.js';
import { inviteMembers } from '../../commands/invite-members.js';
import { resendInvitation, resendInvitations } from '../../commands/resend-invitations.js';
import { revokeInvitations } from '../../commands/revoke-invitations.js';
import { updateInvitation } from '../../commands/update-invitation.js';
import { presentInvitation, presentRowOutcome } from '../../presenters/invitations.js';
import { presentCompany } from '../../presenters/companies.js';
import { presentMember } from '../../presenters/members.js';
import { listInvitations, previewInvitation } from '../../queries/invitations.js';
import type { App } from '../app.js';
import { multilineText } from '../input.js';
import { rateLimitHooks } from '../rate-limits.js';
import {
  companyParams,
  companyRoles,
  companyShape,
  email,
  id,
  invitationPreviewShape,
  invitationShape,
  memberShape,
  page,
  pageQuery,
  teamRoles,
} from '../schemas.js';
import { contextOf, userIdOf, type Services } from '../services.js';

/** §4 "Invite": up to 100 emails at once; one bulk resend or revoke takes as many invitations. */
const MAX_BATCH = 100;
const MAX_MESSAGE = 1000;

/** The teams an invitation grants, each once, at least one. */
const teamGrants = z
  .array(z.strictObject({ teamId: id, roles: teamRoles }))
  .min(1)
  .max(100)
  .refine((teams) => new Set(teams.map((team) => team.teamId)).size === teams.length, 'must not name a team twice');

const inviteBody = z.strictObject({
  // Duplicates after normalising (trim, lowercase) are one invitation.
  emails: z
    .array(email)
    .min(1)
    .max(MAX_BATCH)
    .transform((emails) => [...new Set(emails)]),
  teams: teamGrants,
  companyRoles: companyRoles.optional(),
  message: multilineText(MAX_MESSAGE).nullable().optional(),
});

/** §4 "Invite many": up to 1,000 people in one request, each with their own teams and roles. */
const MAX_ROWS = 1000;

const batchBody = z.strictObject({
  rows: z
    .array(z.strictObject({ email, teams: teamGrants, companyRoles: companyRoles.optional() }))
    .min(1)
    .max(MAX_ROWS),
  message: multilineText(MAX_MESSAGE).nullable().optional(),
  dryRun: z.boolean().optional(),
});

const rowAnswer = z.object({
  email: z.string(),
  result: z.enum(['invited', 'valid', 'refused']),
  invitation: invitationShape.optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
  previous: z
    .object({ teams: invitationShape.shape.teams, companyRoles: invitationShape.shape.companyRoles, removedAt: z.string() })
    .optional(),
});

const updateBody = z
  .strictObject({ teams: teamGrants.optional(), companyRoles: companyRoles.optional() })
  .refine((body) => body.teams !== undefined || body.companyRoles !== undefined, 'name teams, companyRoles or both');

const bulkBody = z.strictObject({ ids: z.array(id).min(1).max(MAX_BATCH).transform((ids) => [...new Set(ids)]) });

const listQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'declined', 'revoked', 'expired']).optional(),
  ...pageQuery,
});

const invitationParams = z.strictObject({ companyId: id, invitationId: id });
const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });

const BASE = '/api/v1/companies/:companyId/invitations';

/** Invitations: made, listed, edited, resent and revoked in a company; previewed, accepted and declined by link. */
export function invitationRoutes(app: App, services: Services): void {
  const limits = rateLimitHooks(app, services);

  app.post(
    BASE,
    { schema: { params: companyParams, body: inviteBody, response: { 201: z.object({ items: z.array(invitationShape) }) } } },
    async (request, reply) => {
      const invited = await inviteMembers(contextOf(services, request), request.params.companyId, request.body);
      const now = services.now();
      return reply.code(201).send({ items: invited.map((invitation) => presentInvitation(invitation, now)) });
    },
  );

  app.post(
    `${BASE}/batch`,
    { schema: { params: companyParams, body: batchBody, response: { 200: z.object({ items: z.array(rowAnswer) }) } } },
    async (request) => {
      const outcomes = await inviteMany(contextOf(services, request), request.params.companyId, request.body);
      const now = services.now();
      return { items: outcomes.map((outcome) => presentRowOutcome(outcome, now)) };
    },
  );

  app.get(
    BASE,
    { schema: { params: companyParams, querystring: listQuery, response: { 200: page(invitationShape) } } },
    async (request) =>
      listInvitations(services.db, userIdOf(request), request.params.companyId, request.query, services.now()),
  );

  app.post(
    `${BASE}/resend`,
    { schema: { params: companyParams, body: bulkBody, response: { 200: z.object({ items: z.array(invitationShape) }) } } },
    async (request) => {
      const resent = await resendInvitations(contextOf(services, request), request.params.companyId, request.body.ids);
      const now = services.now();
      return { items: resent.map((invitation) => presentInvitation(invitation, now)) };
    },
  );

  app.post(
    `${BASE}/revoke`,
    { schema: { params: companyParams, body: bulkBody } },
    async (request, reply) => {
      await revokeInvitations(contextOf(services, request), request.params.companyId, request.body.ids);
      return reply.code(204).send();
    },
  );

  app.patch(
    `${BASE}/:invitationId`,
    { schema: { params: invitationParams, body: updateBody, response: { 200: z.object({ invitation: invitationShape }) } } },
    async (request) => {
      const { companyId, invitationId } = request.params;
      const updated = await updateInvitation(contextOf(services, request), companyId, invitationId, request.body);
      return { invitation: presentInvitation(updated, services.now()) };
    },
  );

  // The single forms call the bulk commands: one code path (STYLE.md).
  app.post(
    `${BASE}/:invitationId/resend`,
    { schema: { params: invitationParams, response: { 200: z.object({ invitation: invitationShape }) } } },
    async (request) => {
      const { companyId, invitationId } = request.params;
      const resent = await resendInvitation(contextOf(services, request), companyId, invitationId);
      return { invitation: presentInvitation(resent, services.now()) };
    },
  );

  app.delete(
    `${BASE}/:invitationId`,
    { schema: { params: invitationParams } },
    async (request, reply) => {
      const { companyId, invitationId } = request.params;
      await revokeInvitations(contextOf(services, request), companyId, [invitationId]);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/invitations/:token',
    {
      config: { public: true },
      preHandler: limits.tokenGuesses,
      schema: { params: tokenParams, response: { 200: invitationPreviewShape } },
    },
    async (request) => previewInvitation(services.db, request.params.token, services.now()),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      preHandler: limits.tokenGuesses,
      schema: { params: tokenParams, response: { 200: z.object({ company: companyShape, member: memberShape }) } },
    },
    async (request) => {
      const { company, member } = await acceptInvitation(contextOf(services, request), request.params.token);
      return { company: presentCompany(company), member: presentMember(member, member.context) };
    },
  );

  app.post(
    '/api/v1/invitations/:token/decline',
    { config: { public: true }, preHandler: limits.tokenGuesses, schema: { params: tokenParams } },
    async (request, reply) => {
      await declineInvitation(contextOf(services, request), request.params.token);
      return reply.code(204).send();
    },
  );
}
