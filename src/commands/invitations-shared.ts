/** What the invitation commands share: grants and their checks, loaders, expiry, and the mail. */
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Invitation, Team } from '../db/schema.js';
import { DomainError, forbidden, notFound } from '../domain/errors.js';
import { can, type MemberContext } from '../domain/policy.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';
import { enqueueMail } from '../mail/outbox.js';
import { invitationMessage } from '../mail/templates.js';
import { parseCompanyRoles, parseTeamRoles } from '../queries/invitations.js';
import type { CommandSettings } from './context.js';
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

const HOUR_MS = 3_600_000;

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

/** The window of the daily invitation limit: 24 hours. */
const DAY_MS = 86_400_000;

const newestInvitationMailsSince = prepare((db, v: { companyId: string; since: string; limit: number }) =>
  db
    .selectFrom('outbox')
    .select('createdAt')
    .where('companyId', '=', v.companyId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

/**
 * §4 "Limits": at most `limit` invitation mails per company in any 24 hours, a resent invitation's
 * as much as a new one's (every mail goes to somebody's inbox in the company's name). They are the
 * outbox rows that name the company (queueInvitationMail). The refusal says when enough of the
 * recent ones will have aged out of the window for `adding` more to pass.
 */
export async function assertUnderDailyLimit(tx: Tx, companyId: string, adding: number, limit: number, now: Date): Promise<void> {
  if (limit >= Number.MAX_SAFE_INTEGER) return; // RATE_LIMITS=off
  // Only the newest `limit` of the window can matter: read those, oldest first, on the
  // `outbox_by_company (company_id, created_at)` index, rather than the whole day's mails.
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const recent = (await newestInvitationMailsSince.execute(tx, { companyId, since, limit })).reverse();
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

/** What the invitation mail says and where its link points. */
export interface InvitationMail {
  invitation: Pick<Invitation, 'companyId' | 'email' | 'message' | 'expiresAt'>;
  /** The secret of the accept link: it appears in the mail and nowhere else. */
  token: string;
  grants: InvitationGrants;
  teams: ReadonlyMap<string, Team>;
  companyName: string;
  inviterName: string;
}

/**
 * Queues the invitation mail with its accept link `<BASE_URL>/invitations/<token>` (API.md "Mail"),
 * in the company's name: assertUnderDailyLimit counts it.
 */
export async function queueInvitationMail(
  tx: Tx,
  settings: Pick<CommandSettings, 'baseUrl' | 'secretKey'>,
  mail: InvitationMail,
  now: Date,
): Promise<void> {
  const content = invitationMessage({
    companyName: mail.companyName,
    inviterName: mail.inviterName,
    teams: mail.grants.teams.map((grant) => ({ teamName: mail.teams.get(grant.teamId)?.name ?? '', roles: grant.roles })),
    companyRoles: mail.grants.companyRoles,
    personalMessage: mail.invitation.message,
    acceptUrl: `${settings.baseUrl}/invitations/${mail.token}`,
    expiresAt: mail.invitation.expiresAt,
  });
  await enqueueMail(
    tx,
    { kind: 'invitation', to: mail.invitation.email, subject: content.subject, text: content.text, companyId: mail.invitation.companyId },
    now,
    settings.secretKey,
  );
}
