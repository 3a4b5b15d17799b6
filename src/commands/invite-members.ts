import type { Invitation } from '../db/schema.js';
import { normalizeEmail } from '../domain/normalize.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole } from '../domain/roles.js';
import { withTeams, type InvitationRecord } from '../model/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import {
  assertMayInvite,
  createInvitation,
  expiryFrom,
  invitationCreated,
  personalMessage,
  requireTeams,
  type InvitationGrants,
  type InvitingScope,
  type TeamGrant,
  senderLanguage,
} from './invitations-shared.js';

export interface InviteMembersInput {
  emails: readonly string[];
  teams: readonly TeamGrant[];
  companyRoles?: readonly CompanyRole[];
  message?: string | null;
}

/**
 * Invites one or many emails into teams with roles (§4 "Invite"), all or nothing: one pending
 * invitation per email, each mailed with its own one-time accept link, and one audit event.
 */
export async function inviteMembers(
  ctx: CommandContext,
  companyId: string,
  input: InviteMembersInput,
): Promise<InvitationRecord[]> {
  return inCompany(ctx, companyId, async ({ tx, company, actor, now, audit, queuedMail }) => {
    const emails = [...new Set(input.emails.map(normalizeEmail))];
    const grants: InvitationGrants = {
      teams: input.teams.map((grant) => ({ teamId: grant.teamId, roles: sortTeamRoles(grant.roles) })),
      companyRoles: sortCompanyRoles(input.companyRoles ?? []),
    };
    // §6: a team of another company is NOT_FOUND, before anything else is looked at.
    const teams = await requireTeams(tx, company.id, grants.teams.map((grant) => grant.teamId));
    const sender = await lockUser(tx, actor.userId);
    const scope: InvitingScope = { tx, company, actor, sender, senderLanguage: senderLanguage(ctx, sender), settings: ctx.settings, now };
    await assertMayInvite(scope, teams, emails, grants);

    const message = personalMessage(input.message);
    const expiresAt = expiryFrom(now, ctx.settings.invitationTtlHours);
    const rows: Invitation[] = [];
    for (const email of emails) rows.push(await createInvitation(scope, teams, { email, grants, message, expiresAt }));
    await audit(invitationCreated(rows, grants, expiresAt));
    queuedMail();
    return withTeams(tx, rows);
  });
}
