/** What the invitation commands share: grants and their checks, loaders, expiry, and the mail. */
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Invitation, Team } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Language } from '../domain/languages.js';
import { authorize, type MemberContext } from '../domain/policy.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';
import { enqueueMail } from '../mail/outbox.js';
import { invitationMessage, mailLanguage } from '../mail/templates.js';
import { parseCompanyRoles, parseTeamRoles } from '../model/invitations.js';
import type { CommandSettings } from '../settings.js';
import type { CommandContext } from './context.js';
import { hashSecret, newId, newSecret } from '../auth/secrets.js';
import { lockRecipients, secondsUntilRoom, windowStart } from './daily-limits.js';
import { UNLIMITED } from '../settings.js';
import { requireTeam } from '../model/members.js';

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
 * `member.invite` policy in every one of its teams, with its company roles; else FORBIDDEN.
 */
export function authorizeGrants(actor: MemberContext, grants: InvitationGrants): void {
  for (const { teamId, roles } of grants.teams) {
    authorize(actor, 'member.invite', { teamId, roles, companyRoles: grants.companyRoles }, 'You may not grant these teams and roles');
  }
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

/** Who offers an invitation, where, and when: what the checks and writes of a new invitation need. */
export interface InvitingScope {
  tx: Tx;
  company: { id: string; name: string };
  actor: MemberContext;
  /** The actor's account, read by lockUser: the sender of the mails. */
  sender: { id: string; name: string; emailVerified: number };
  /** The sender's language for the mails (`senderLanguage`). */
  senderLanguage: Language;
  settings: CommandSettings;
  now: Date;
}

/**
 * The rules of §4 "Invite" for offering `grants` to `emails`, in the order API.md lists the
 * refusals: a team of another company (NOT_FOUND; `teams` are the teams the caller found, by id),
 * a role the actor may not grant (FORBIDDEN, §2.2), a hidden team (CONFLICT), §4 "Limits"
 * (EMAIL_NOT_VERIFIED, RATE_LIMITED), a member's email (ALREADY_MEMBER) and a pending invitation
 * (INVITATION_ALREADY_PENDING, §3.4). The one place these are checked for a new invitation, by the
 * all-or-nothing invite and by the per-row one (invite-many.ts). Writes nothing unless it passes,
 * except marking an expired pending invitation `expired` to make room for the new one.
 */
export async function assertMayInvite(
  scope: InvitingScope,
  teams: ReadonlyMap<string, Team>,
  emails: readonly string[],
  grants: InvitationGrants,
): Promise<void> {
  const { tx, company, actor, sender, settings, now } = scope;
  const granted = grants.teams.map((grant) => teams.get(grant.teamId));
  const shown = granted.filter((team) => team !== undefined);
  // §6: a team of another company is NOT_FOUND.
  if (shown.length !== granted.length) throw notFound('Team');
  // §2.2: the actor may grant every role in every team, and the company roles (owner only).
  authorizeGrants(actor, grants);
  // §4 "Teams": a hidden team takes no new invitations.
  assertTeamsShown(shown);
  // §4 "Limits": a verified sender, and invitation mails per company, sender and recipient per 24 hours.
  await assertMayMailInvitations(tx, company.id, sender, emails, settings, now);
  // §3.4: not to a member's email, and one pending invitation per email.
  await assertNotMembers(tx, company.id, emails);
  await makeRoomForPending(tx, company.id, emails, [], now);
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

/**
 * Writes one new pending invitation of `grants` to `email` (assertMayInvite has passed) and queues
 * its mail, with its own one-time accept link, in the same transaction.
 */
export async function createInvitation(
  scope: InvitingScope,
  teams: ReadonlyMap<string, Team>,
  offer: { email: string; grants: InvitationGrants; message: string | null; expiresAt: string },
): Promise<Invitation> {
  const { tx, company, actor, sender, senderLanguage, settings, now } = scope;
  const token = newSecret();
  const invitation: Invitation = {
    id: newId(),
    companyId: company.id,
    email: offer.email,
    status: 'pending',
    tokenHash: hashSecret(token),
    invitedBy: actor.userId,
    message: offer.message,
    companyRoles: JSON.stringify(offer.grants.companyRoles),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: offer.expiresAt,
    respondedAt: null,
  };
  await invitationRow.executeWrite(tx, invitation);
  for (const grant of offer.grants.teams) {
    await invitationTeamRow.executeWrite(tx, {
      invitationId: invitation.id,
      companyId: company.id,
      teamId: grant.teamId,
      roles: JSON.stringify(grant.roles),
    });
  }
  const mail = {
    invitation,
    token,
    grants: offer.grants,
    teams,
    companyName: company.name,
    inviterName: sender.name,
    senderId: sender.id,
    senderLanguage,
  };
  await queueInvitationMail(tx, settings, mail, now);
  return invitation;
}

/** The `invitation.created` audit event of invitations made together with the same grants. */
export function invitationCreated(rows: readonly Invitation[], grants: InvitationGrants, expiresAt: string) {
  return {
    type: 'invitation.created' as const,
    targetId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
    teamId: soleTeamId([grants]),
    data: {
      invitations: rows.map((row) => ({ id: row.id, email: row.email })),
      teams: grants.teams,
      companyRoles: grants.companyRoles,
      expiresAt,
    },
  };
}

/** A personal message as stored: trimmed, or null when there is none. */
export const personalMessage = (message: string | null | undefined): string | null => (message?.trim() ? message.trim() : null);

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

const grantsOfOne = prepare((db, v: { invitationId: string }) =>
  db.selectFrom('invitationTeams').select(['invitationId', 'teamId', 'roles']).where('invitationId', '=', v.invitationId).orderBy('teamId'),
);

/** What each of these invitations grants, by invitation id: the one reader of grants for the commands. */
export async function loadGrants(tx: Tx, invitations: readonly Invitation[]): Promise<Map<string, InvitationGrants>> {
  const grants = new Map<string, { teams: TeamGrant[]; companyRoles: CompanyRole[] }>();
  for (const invitation of invitations) {
    grants.set(invitation.id, { teams: [], companyRoles: parseCompanyRoles(invitation.companyRoles) });
  }
  const [only] = invitations;
  if (only === undefined) return grants;
  // An accept, a decline or an edit reads one invitation's grants: that case is prepared.
  const rows =
    invitations.length === 1
      ? await grantsOfOne.execute(tx, { invitationId: only.id })
      : await tx
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

const newestInvitationMailsOfCompany = prepare((db, v: { companyId: string; since: string; limit: number }) =>
  db
    .selectFrom('outbox')
    .select('createdAt')
    .where('companyId', '=', v.companyId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

const newestInvitationMailsBySender = prepare((db, v: { senderId: string; since: string; limit: number }) =>
  db
    .selectFrom('outbox')
    .select('createdAt')
    .where('senderId', '=', v.senderId)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

// `company_id is not null` (an invitation mail) in so many words: the partial index's own condition.
const newestInvitationMailsTo = prepare((db, v: { email: string; since: string; limit: number }) =>
  db
    .selectFrom('outbox')
    .select('createdAt')
    .where('companyId', 'is not', null)
    .where('toAddress', '=', v.email)
    .where('createdAt', '>', v.since)
    .orderBy('createdAt', 'desc')
    .limit(v.limit),
);

/** The limits an invitation mail counts toward (src/config.ts). */
export interface InvitationLimits {
  invitationsPerCompanyPerDay: number;
  invitationsPerUserPerDay: number;
  invitationsPerRecipientPerDay: number;
}

const limited = (detail: string, retryAfterSeconds: number, extra: Record<string, unknown> = {}) =>
  new DomainError('RATE_LIMITED', `${detail}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds, ...extra });

/**
 * §4 "Limits", checked in this one place by every command that mails an invitation (invite,
 * resend), under the company's lock, before anything is written. One mail per recipient, a resent
 * invitation's as much as a new one's (each goes to somebody's inbox in the company's name):
 * - the sender's email must be verified (0 invitation mails until then): an account is free to
 *   make, and a company too, so an unproven address must not mail strangers;
 * - at most `invitationsPerCompanyPerDay` mails per company in any 24 hours;
 * - at most `invitationsPerUserPerDay` mails sent by one person across all their companies;
 * - at most `invitationsPerRecipientPerDay` invitation mails to one address from all companies.
 * Each is counted from the outbox rows of the mails (queueInvitationMail), which every process
 * shares; a refusal is 429 with the time until enough of the recent mails age out of the window.
 * `sender` is read by lockUser, so one person's requests in two companies count each other's mails.
 */
export async function assertMayMailInvitations(
  tx: Tx,
  companyId: string,
  sender: { id: string; emailVerified: number },
  recipients: readonly string[],
  limits: InvitationLimits,
  now: Date,
): Promise<void> {
  if (sender.emailVerified !== 1) {
    throw new DomainError(
      'EMAIL_NOT_VERIFIED',
      'Verify your email address before sending invitations: follow the link in the mail Roster sent when you signed up',
    );
  }
  const since = windowStart(now);
  const adding = recipients.length;
  const { invitationsPerCompanyPerDay: perCompany, invitationsPerUserPerDay: perUser, invitationsPerRecipientPerDay: perRecipient } = limits;
  if (perCompany < UNLIMITED) {
    // Only the newest `limit` of the window can matter: read those on `outbox_by_company`.
    const recent = await newestInvitationMailsOfCompany.execute(tx, { companyId, since, limit: perCompany });
    const wait = secondsUntilRoom(recent, adding, perCompany, now);
    if (wait !== null) throw limited(`This company may send ${perCompany} invitations per 24 hours`, wait);
  }
  if (perUser < UNLIMITED) {
    const recent = await newestInvitationMailsBySender.execute(tx, { senderId: sender.id, since, limit: perUser });
    const wait = secondsUntilRoom(recent, adding, perUser, now);
    if (wait !== null) throw limited(`You may send ${perUser} invitations per 24 hours, across all your companies`, wait);
  }
  if (perRecipient < UNLIMITED) {
    await lockRecipients(tx, recipients);
    const full: string[] = [];
    let longest = 0;
    for (const email of [...new Set(recipients)].sort()) {
      const recent = await newestInvitationMailsTo.execute(tx, { email, since, limit: perRecipient });
      const wait = secondsUntilRoom(recent, 1, perRecipient, now);
      if (wait !== null) {
        full.push(email);
        longest = Math.max(longest, wait);
      }
    }
    if (full.length > 0) {
      throw limited(`An address may get ${perRecipient} invitations per 24 hours, and these have had theirs: ${full.join(', ')}`, longest, {
        emails: full,
      });
    }
  }
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
  /** Who sends it now (the inviter, or whoever resends): their daily limit counts it. */
  senderId: string;
  /** The sender's language (`senderLanguage`): the mail's, unless its address has an account that chose one. */
  senderLanguage: Language;
}

/**
 * The language of the invitation mails a person sends (API.md "Mail"): their own choice, else the
 * language of their request, else English. An address with an account that chose a language gets
 * that one instead (queueInvitationMail).
 */
export function senderLanguage(ctx: Pick<CommandContext, 'requestLanguage'>, sender: { language: Language | null }): Language {
  return mailLanguage(sender.language, ctx.requestLanguage);
}

const languageOfAccount = prepare((db, v: { email: string }) =>
  db.selectFrom('users').select('language').where('email', '=', v.email).where('deletedAt', 'is', null),
);

/**
 * Queues the invitation mail with its accept link `<BASE_URL>/invitations/<token>` (API.md "Mail"),
 * in the company's name and its sender's: assertMayMailInvitations counts it.
 */
export async function queueInvitationMail(
  tx: Tx,
  settings: Pick<CommandSettings, 'baseUrl' | 'secretKey'>,
  mail: InvitationMail,
  now: Date,
): Promise<void> {
  const recipient = await languageOfAccount.executeTakeFirst(tx, { email: mail.invitation.email });
  const content = invitationMessage(mailLanguage(recipient?.language, mail.senderLanguage), {
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
    {
      kind: 'invitation',
      to: mail.invitation.email,
      subject: content.subject,
      text: content.text,
      companyId: mail.invitation.companyId,
      senderId: mail.senderId,
    },
    now,
    settings.secretKey,
  );
}
