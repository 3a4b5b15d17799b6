import type { Tx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Invitation, Team } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { normalizeEmail } from '../domain/normalize.js';
import { sortCompanyRoles, sortTeamRoles, type CompanyRole } from '../domain/roles.js';
import { withTeams, type RowOutcome } from '../model/invitations.js';
import { inCompany, type CommandContext, type CompanyScope } from './context.js';
import { lockUser } from './daily-limits.js';
import { formerMemberships } from './former-members.js';
import {
  assertMayInvite,
  createInvitation,
  expiryFrom,
  invitationCreated,
  personalMessage,
  type InvitationGrants,
  type InvitingScope,
  type TeamGrant,
  senderLanguage,
} from './invitations-shared.js';

/** One row of an invitation list: a person with their own teams (with roles) and company roles. */
export interface InviteRow {
  email: string;
  teams: readonly TeamGrant[];
  companyRoles?: readonly CompanyRole[];
}

export interface InviteManyInput {
  rows: readonly InviteRow[];
  message?: string | null;
  /** Check every row as the invitation would, and write nothing. */
  dryRun?: boolean;
  /** Taken on the command line: said in the audit events, as exports say it. */
  via?: 'cli';
}

/**
 * Rows per write transaction. Each transaction takes the company's lock and reads the actor
 * afresh, as any operation does; between two, other requests to the company get their turn.
 */
export const ROWS_PER_TRANSACTION = 500;

const teamsOfCompany = prepare((db, v: { companyId: string }) => db.selectFrom('teams').selectAll().where('companyId', '=', v.companyId));

/**
 * Invites a list of people, each with their own teams and roles (§4 "Invite many"): every row is
 * checked by the rules of the all-or-nothing invite (assertMayInvite, one place for them), and
 * the rows that pass are invited even when others are refused, each with its mail and its own
 * `invitation.created` event in the same transaction. Rows are written in transactions of
 * ROWS_PER_TRANSACTION, in order, so a row counts toward the daily limits of the rows after it.
 * An email on more than one row is refused on each (which of them was meant is not guessed).
 *
 * A dry run checks the rows in one transaction, as the invitation would (a row is checked with
 * the rows before it written), and rolls it back: it answers `valid` where the invitation would be
 * made. What changes between a dry run and the invitation (a new member, a limit reached by
 * other invitations) is checked again when it is made.
 *
 * Refused before any row (thrown, nothing written): the caller is not a member of the company
 * (NOT_FOUND), or is stopped by its two-factor rule.
 */
export async function inviteMany(
  ctx: CommandContext,
  companyId: string,
  input: InviteManyInput,
  onProgress?: (done: number, total: number) => void,
): Promise<RowOutcome[]> {
  const rows = input.rows.map((row) => ({ ...row, email: normalizeEmail(row.email) }));
  const outcomes: (RowOutcome | undefined)[] = rows.map(() => undefined);
  refuseRepeatedEmails(rows, outcomes);
  const message = personalMessage(input.message);
  const pending = rows.flatMap((row, index) => (outcomes[index] === undefined ? [index] : []));

  if (input.dryRun === true) {
    try {
      await inCompany(ctx, companyId, async (scope) => {
        await inviteRows(ctx, scope, rows, pending, outcomes, { message, dryRun: true, via: input.via }, onProgress);
        throw new DryRun();
      });
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
    }
  } else {
    for (let start = 0; start < pending.length || start === 0; start += ROWS_PER_TRANSACTION) {
      const chunk = pending.slice(start, start + ROWS_PER_TRANSACTION);
      // An empty list still asks once: a non-member learns NOT_FOUND, not an empty answer.
      await inCompany(ctx, companyId, (scope) => inviteRows(ctx, scope, rows, chunk, outcomes, { message, dryRun: false, via: input.via }, onProgress));
    }
  }
  onProgress?.(rows.length, rows.length);
  return outcomes.map((outcome, index) => outcome ?? { email: rows[index]?.email ?? '', result: 'valid' });
}

/** Thrown to roll a dry run's transaction back. */
class DryRun extends Error {}

/** §3.4 in a list: one pending invitation per email, so an email on two rows is refused on both. */
function refuseRepeatedEmails(rows: readonly InviteRow[], outcomes: (RowOutcome | undefined)[]): void {
  const seen = new Map<string, number[]>();
  rows.forEach((row, index) => seen.set(row.email, [...(seen.get(row.email) ?? []), index]));
  for (const [email, indexes] of seen) {
    if (indexes.length < 2) continue;
    const detail = `${email} is on rows ${indexes.map((index) => index + 1).join(', ')}: give each person one row`;
    for (const index of indexes) outcomes[index] = { email, result: 'refused', code: 'VALIDATION_FAILED', detail, extra: {} };
  }
}

/** Checks and invites the rows at `indexes` in the scope's transaction, filling in their outcomes. */
async function inviteRows(
  ctx: CommandContext,
  { tx, company, actor, now, audit, queuedMail }: CompanyScope,
  rows: readonly InviteRow[],
  indexes: readonly number[],
  outcomes: (RowOutcome | undefined)[],
  { message, dryRun, via }: { message: string | null; dryRun: boolean; via: 'cli' | undefined },
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  const teams = await loadTeams(tx, company.id);
  const sender = await lockUser(tx, actor.userId);
  const scope: InvitingScope = { tx, company, actor, sender, senderLanguage: senderLanguage(ctx, sender), settings: ctx.settings, now };
  const expiresAt = expiryFrom(now, ctx.settings.invitationTtlHours);
  // §4 "Invite many": a member removed in the last 90 days is offered what they held.
  const former = await formerMemberships(tx, company.id, indexes.map((index) => rows[index]?.email ?? ''), now);
  const previousOf = (email: string) => {
    const previous = former.get(email);
    return previous === undefined ? {} : { previous };
  };
  const invited: { index: number; invitation: Invitation }[] = [];
  for (const [done, index] of indexes.entries()) {
    const row = rows[index];
    if (!row) continue;
    const grants: InvitationGrants = {
      teams: row.teams.map((grant) => ({ teamId: grant.teamId, roles: sortTeamRoles(grant.roles) })),
      companyRoles: sortCompanyRoles(row.companyRoles ?? []),
    };
    try {
      await assertMayInvite(scope, teams, [row.email], grants);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[index] = { email: row.email, result: 'refused', code: error.code, detail: error.message, extra: error.extra, ...previousOf(row.email) };
      continue;
    }
    // Written even in a dry run (then rolled back), so that the rows after it are checked as the
    // invitation would check them: the daily limits count its mail.
    const invitation = await createInvitation(scope, teams, { email: row.email, grants, message, expiresAt });
    const event = invitationCreated([invitation], grants, expiresAt);
    await audit(via === undefined ? event : { ...event, data: { ...event.data, via } });
    invited.push({ index, invitation });
    if (dryRun) outcomes[index] = { email: row.email, result: 'valid', ...previousOf(row.email) };
    if (done % 50 === 49) onProgress?.(outcomes.filter((outcome) => outcome !== undefined).length, rows.length);
  }
  if (dryRun || invited.length === 0) return;
  queuedMail();
  const records = await withTeams(tx, invited.map((row) => row.invitation));
  invited.forEach(({ index }, i) => {
    const invitation = records[i];
    if (invitation) outcomes[index] = { email: invitation.invitation.email, result: 'invited', invitation, ...previousOf(invitation.invitation.email) };
  });
  onProgress?.(outcomes.filter((outcome) => outcome !== undefined).length, rows.length);
}

/** The company's teams by id, hidden ones too (assertMayInvite refuses those). */
async function loadTeams(tx: Tx, companyId: string): Promise<Map<string, Team>> {
  const teams = await teamsOfCompany.execute(tx, { companyId });
  return new Map(teams.map((team) => [team.id, team]));
}
