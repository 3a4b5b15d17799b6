import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Invitation, Team } from '../db/schema.js';
import { DomainError, forbidden, notFound } from '../domain/errors.js';
import { normalizeEmail } from '../domain/normalize.js';
import { can, type MemberContext } from '../domain/policy.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole, type TeamRole } from '../domain/roles.js';
import { enqueueMail } from '../mail/outbox.js';
import { invitationMessage } from '../mail/templates.js';
import { parseCompanyRoles, parseTeamRoles, presentInvitations, type InvitationView } from '../queries/invitations.js';
import { inCompany, type CommandContext } from './context.js';
import { requireTeam } from './load.js';

/** The roles an invitation grants in one team. */
export interface TeamGrant {
  teamId: string;
  roles: readonly TeamRole[];
}

/** Everything an invitation grants: team roles per team, and company roles. */
export interface InvitationGrants {
  teams: readonly TeamGrant[];
  companyRoles: readonly CompanyRole[];
}

export interface InviteMembersInput {
  emails: readonly string[];
  teams: readonly TeamGrant[];
  companyRoles?: readonly CompanyRole[];
  message?: string | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Invites one or many emails into teams with roles (§4 "Invite"), all or nothing: one pending
 * invitation per email, each mailed with its own one-time accept link, and one audit event.
 */
export async function inviteMembers(
  ctx: CommandContext,
  companyId: string,
  input: InviteMembersInput,
): Promise<InvitationView[]> {
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
    // §4 "Limits": invitations per company per 24 hours.
    await assertUnderDailyLimit(tx, company.id, emails.length, ctx.settings.invitationsPerCompanyPerDay, now);
    // §3.4: not to a member's email, and one pending invitation per email.
    await assertNotMembers(tx, company.id, emails);
    await makeRoomForPending(tx, company.id, emails, [], now);

    const inviterName = await userName(tx, actor.userId);
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
      await queueInvitationMail(tx, ctx.settings.baseUrl, { invitation, token, grants, teams, companyName: company.name, inviterName }, now);
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
    return presentInvitations(tx, rows, now);
  });
}

/**
 * §2.2 and "Who may manage an invitation": whoever may grant everything it carries — the
 * `member.invite` policy in every one of its teams, with its company roles.
 */
export function mayGrant(actor: MemberContext, grants: InvitationGrants): boolean {
  return grants.teams.every(({ teamId, roles }) =>
    can(actor, 'member.invite', { teamId, roles, companyRoles: grants.companyRoles }),
  );
}

/** Like `mayGrant`, but refuses with FORBIDDEN. */
export function authorizeGrants(actor: MemberContext, grants: InvitationGrants): void {
  if (!mayGrant(actor, grants)) throw forbidden('You may not grant these teams and roles');
}

/** The teams by id; any team that is not this company's is NOT_FOUND, as if it did not exist. */
export async function requireTeams(tx: Tx, companyId: string, teamIds: readonly string[]): Promise<Map<string, Team>> {
  const teams = await Promise.all([...new Set(teamIds)].map((teamId) => requireTeam(tx, companyId, teamId)));
  return new Map(teams.map((team) => [team.id, team]));
}

/** §4 "Teams": a hidden team takes no new invitations. */
export function assertTeamsShown(teams: Iterable<Team>): void {
  for (const team of teams) {
    if (team.hidden === 1) throw new DomainError('CONFLICT', `The team ${team.name} is hidden and takes no invitations`);
  }
}

/** The invitations of this company with these ids; if any is missing (or another company's), NOT_FOUND. */
export async function requireInvitations(tx: Tx, companyId: string, ids: readonly string[]): Promise<Invitation[]> {
  const wanted = [...new Set(ids)];
  const rows = await tx.selectFrom('invitations').selectAll().where('companyId', '=', companyId).where('id', 'in', wanted).execute();
  if (rows.length !== wanted.length) throw notFound('Invitation');
  const byId = new Map(rows.map((row) => [row.id, row]));
  return wanted.map((id) => byId.get(id)).filter((row) => row !== undefined);
}

const invitationOfCompany = prepare((db, v: { companyId: string; id: string }) =>
  db.selectFrom('invitations').selectAll().where('companyId', '=', v.companyId).where('id', '=', v.id),
);

/** One invitation of this company; another company's is NOT_FOUND, as if it did not exist. */
export async function requireInvitation(tx: Tx, companyId: string, id: string): Promise<Invitation> {
  const row = await invitationOfCompany.executeTakeFirst(tx, { companyId, id });
  if (!row) throw notFound('Invitation');
  return row;
}

/** What each of these invitations grants, by invitation id. */
export async function loadGrants(tx: Tx, invitations: readonly Invitation[]): Promise<Map<string, InvitationGrants>> {
  const grants = new Map<string, { teams: TeamGrant[]; companyRoles: CompanyRole[] }>();
  for (const invitation of invitations) {
    grants.set(invitation.id, { teams: [], companyRoles: parseCompanyRoles(invitation.companyRoles) });
  }
  if (invitations.length === 0) return grants;
  const rows = await tx
    .selectFrom('invitationTeams')
    .select(['invitationId', 'teamId', 'roles'])
    .where('invitationId', 'in', invitations.map((invitation) => invitation.id))
    .orderBy('teamId')
    .execute();
  for (const row of rows) grants.get(row.invitationId)?.teams.push({ teamId: row.teamId, roles: parseTeamRoles(row.roles) });
  return grants;
}

const memberWithEmail = prepare((db, v: { companyId: string; email: string }) =>
  db
    .selectFrom('companyMembers as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select('u.email')
    .where('m.companyId', '=', v.companyId)
    .where('u.email', '=', v.email),
);

/** §3.4: an invitation to the email of an existing member is refused; every such email is listed. */
export async function assertNotMembers(tx: Tx, companyId: string, emails: readonly string[]): Promise<void> {
  const members = await Promise.all(emails.map((email) => memberWithEmail.executeTakeFirst(tx, { companyId, email })));
  const taken = members.flatMap((member) => (member ? [member.email] : [])).sort();
  if (taken.length > 0) {
    throw new DomainError('ALREADY_MEMBER', `Already a member: ${taken.join(', ')}`, { emails: taken });
  }
}

// The literal 'pending' (not a bound value) lets SQLite plan with the partial unique index once,
// instead of preparing the statement again for every run.
const pendingInvitationTo = prepare((db, v: { companyId: string; email: string }) =>
  db
    .selectFrom('invitations')
    .select(['id', 'email', 'expiresAt'])
    .where('companyId', '=', v.companyId)
    .where('status', '=', sql.lit('pending'))
    .where('email', '=', v.email),
);

const markExpired = prepare((db, v: { companyId: string; id: string; now: string }) =>
  db.updateTable('invitations').set({ status: 'expired', updatedAt: v.now }).where('companyId', '=', v.companyId).where('id', '=', v.id),
);

/**
 * §3.4: at most one pending invitation per (company, email). A pending one that is still valid
 * refuses the new one; one past its expiry is marked `expired` here, so that the new one may take
 * its place under the `invitations_one_pending_per_email` index. `except` are invitations the
 * caller is about to make pending again itself.
 */
export async function makeRoomForPending(
  tx: Tx,
  companyId: string,
  emails: readonly string[],
  except: readonly string[],
  now: Date,
): Promise<void> {
  const found = await Promise.all(emails.map((email) => pendingInvitationTo.executeTakeFirst(tx, { companyId, email })));
  const pending = found
    .filter((invitation) => invitation !== undefined)
    .filter((invitation) => !except.includes(invitation.id))
    .sort((a, b) => a.email.localeCompare(b.email));
  const valid = pending.filter((invitation) => invitation.expiresAt > now.toISOString()).map((invitation) => invitation.email);
  if (valid.length > 0) {
    throw new DomainError('INVITATION_ALREADY_PENDING', `An invitation is already pending for ${valid.join(', ')}`, {
      emails: valid,
    });
  }
  for (const { id } of pending) await markExpired.executeWrite(tx, { companyId, id, now: now.toISOString() });
}

const newestInvitationsSince = prepare((db, v: { companyId: string; since: string; limit: number }) =>
  db
    .selectFrom('invitations')
    .select('createdAt')
    .where('companyId', '=', v.companyId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

/**
 * §4 "Limits": at most `limit` invitations created per company in any 24 hours. The refusal says
 * when enough of the recent ones will have aged out of the window for this request to pass.
 */
async function assertUnderDailyLimit(tx: Tx, companyId: string, adding: number, limit: number, now: Date): Promise<void> {
  if (limit >= Number.MAX_SAFE_INTEGER) return; // RATE_LIMITS=off
  // Only the newest `limit` of the window can matter: read those, oldest first, on the
  // (company_id, created_at) index, rather than the whole day's invitations.
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const recent = (await newestInvitationsSince.execute(tx, { companyId, since, limit })).reverse();
  const excess = recent.length + adding - limit;
  if (excess <= 0) return;
  const freedBy = adding <= limit ? recent[excess - 1] : undefined;
  const waitMs = freedBy ? Date.parse(freedBy.createdAt) + DAY_MS - now.getTime() : DAY_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new DomainError(
    'RATE_LIMITED',
    `This company may send ${limit} invitations per 24 hours; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

/** §4: an invitation made or resent now expires after the configured hours (7 days by default). */
export function expiryFrom(now: Date, ttlHours: number): string {
  return new Date(now.getTime() + ttlHours * HOUR_MS).toISOString();
}

/** The audit event's team: the one team every invitation of the operation touches, else none. */
export function soleTeamId(grants: readonly InvitationGrants[]): string | null {
  const teamIds = new Set(grants.flatMap((grant) => grant.teams.map((team) => team.teamId)));
  return teamIds.size === 1 ? ([...teamIds][0] ?? null) : null;
}

const userById = prepare((db, v: { userId: string }) => db.selectFrom('users').select('name').where('id', '=', v.userId));

/** The display name of a user, for the mail that names them as the inviter. */
export async function userName(tx: Tx, userId: string): Promise<string> {
  const user = await userById.executeTakeFirst(tx, { userId });
  if (!user) throw new Error(`no user ${userId}`);
  return user.name;
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

/** What the invitation mail says and where its link points. */
export interface InvitationMail {
  invitation: Pick<Invitation, 'email' | 'message' | 'expiresAt'>;
  /** The secret of the accept link: it appears in the mail and nowhere else. */
  token: string;
  grants: InvitationGrants;
  teams: ReadonlyMap<string, Team>;
  companyName: string;
  inviterName: string;
}

/** Queues the invitation mail with its accept link `<BASE_URL>/invitations/<token>` (API.md "Mail"). */
export async function queueInvitationMail(tx: Tx, baseUrl: string, mail: InvitationMail, now: Date): Promise<void> {
  const content = invitationMessage({
    companyName: mail.companyName,
    inviterName: mail.inviterName,
    teams: mail.grants.teams.map((grant) => ({ teamName: mail.teams.get(grant.teamId)?.name ?? '', roles: grant.roles })),
    companyRoles: mail.grants.companyRoles,
    personalMessage: mail.invitation.message,
    acceptUrl: `${baseUrl}/invitations/${mail.token}`,
    expiresAt: mail.invitation.expiresAt,
  });
  await enqueueMail(tx, { kind: 'invitation', to: mail.invitation.email, subject: content.subject, text: content.text }, now);
}
