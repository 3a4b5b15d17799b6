import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Invitation } from '../db/schema.js';
import { normalizeEmail } from '../domain/normalize.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole } from '../domain/roles.js';
import { withTeams, type InvitationRecord } from '../model/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import {
  assertNotMembers,
  assertMayMailInvitations,
  assertTeamsShown,
  authorizeGrants,
  expiryFrom,
  makeRoomForPending,
  queueInvitationMail,
  requireTeams,
  soleTeamId,
  type InvitationGrants,
  type TeamGrant,
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
    // §6: a team of another company is NOT_FOUND.
    const teams = await requireTeams(tx, company.id, grants.teams.map((grant) => grant.teamId));
    // §2.2: the actor may grant every role in every team, and the company roles (owner only).
    authorizeGrants(actor, grants);
    // §4 "Teams": a hidden team takes no new invitations.
    assertTeamsShown(teams.values());
    // §4 "Limits": a verified sender, and invitation mails per company, sender and recipient per 24 hours.
    const sender = await lockUser(tx, actor.userId);
    await assertMayMailInvitations(tx, company.id, sender, emails, ctx.settings, now);
    // §3.4: not to a member's email, and one pending invitation per email.
    await assertNotMembers(tx, company.id, emails);
    await makeRoomForPending(tx, company.id, emails, [], now);

    const inviterName = sender.name;
    const message = input.message?.trim() ? input.message.trim() : null;
    const expiresAt = expiryFrom(now, ctx.settings.invitationTtlHours);
    const rows: Invitation[] = [];
    for (const email of emails) {
      const token = newSecret();
      const invitation: Invitation = {
        id: newId(),
        companyId: company.id,
        email,
        status: 'pending',
        tokenHash: hashSecret(token),
        invitedBy: actor.userId,
        message,
        companyRoles: JSON.stringify(grants.companyRoles),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt,
        respondedAt: null,
      };
      await insertInvitation(tx, invitation, grants);
      await queueInvitationMail(tx, ctx.settings, { invitation, token, grants, teams, companyName: company.name, inviterName, senderId: sender.id }, now);
      rows.push(invitation);
    }

    await audit({
      type: 'invitation.created',
      targetId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
      teamId: soleTeamId([grants]),
      data: {
        invitations: rows.map((row) => ({ id: row.id, email: row.email })),
        teams: grants.teams,
        companyRoles: grants.companyRoles,
        expiresAt,
      },
    });
    queuedMail();
    return withTeams(tx, rows);
  });
}

const invitationRow = prepare((db, v: Invitation) =>
  db.insertInto('invitations').values({
    id: v.id,
    companyId: v.companyId,
    email: v.email,
    status: v.status,
    tokenHash: v.tokenHash,
    invitedBy: v.invitedBy,
    message: v.message,
    companyRoles: v.companyRoles,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    expiresAt: v.expiresAt,
    respondedAt: v.respondedAt,
  }),
);

const invitationTeamRow = prepare((db, v: { invitationId: string; companyId: string; teamId: string; roles: string }) =>
  db.insertInto('invitationTeams').values({ invitationId: v.invitationId, companyId: v.companyId, teamId: v.teamId, roles: v.roles }),
);

/** Writes a new invitation and the teams it grants. */
async function insertInvitation(tx: Tx, invitation: Invitation, grants: InvitationGrants): Promise<void> {
  await invitationRow.executeWrite(tx, invitation);
  for (const grant of grants.teams) {
    await invitationTeamRow.executeWrite(tx, {
      invitationId: invitation.id,
      companyId: invitation.companyId,
      teamId: grant.teamId,
      roles: JSON.stringify(grant.roles),
    });
  }
}
