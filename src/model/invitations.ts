/**
 * The one way invitations are read below commands and queries: the stored roles (`parseTeamRoles`,
 * `parseCompanyRoles`), the status as of a moment (`effectiveStatus`), and the teams each
 * invitation grants (`withTeams`), which make an invitation's record for the presenter
 * (src/presenters/invitations.ts).
 */
import type { Kysely } from 'kysely';
import type { ErrorCode } from '../domain/errors.js';
import { prepare } from '../db/prepared.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Database, Invitation, InvitationStatus } from '../db/schema.js';
import { isCompanyRole, isTeamRole, sortCompanyRoles, sortTeamRoles, type CompanyRole, type TeamRole } from '../domain/roles.js';

/** A team an invitation grants, with the roles it grants there. */
export interface InvitationTeam {
  teamId: string;
  roles: TeamRole[];
}

/** An invitation row with the teams it grants, by team name: what a command answers with. */
export interface InvitationRecord {
  invitation: Invitation;
  teams: InvitationTeam[];
}

/** What a member removed from the company in the last 90 days held there (commands/former-members.ts). */
export interface FormerMembership {
  teams: { teamId: string; roles: TeamRole[] }[];
  companyRoles: CompanyRole[];
  removedAt: string;
}

/**
 * What became of one row of an invitation list (commands/invite-many.ts), in the order of the
 * input; `previous` when the email is a member's removed in the last 90 days.
 */
export type RowOutcome = { email: string; previous?: FormerMembership } & (
  | { result: 'invited'; invitation: InvitationRecord }
  | { result: 'valid' }
  | { result: 'refused'; code: ErrorCode; detail: string; extra: Record<string, unknown> }
);

/** A pending invitation past its expiry is stored as `pending` but reads as `expired`. */
export function effectiveStatus(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return invitation.status === 'pending' && invitation.expiresAt <= now.toISOString() ? 'expired' : invitation.status;
}

/** Team roles as stored (a JSON array), keeping only the names the roles table knows. */
export const parseTeamRoles = (json: string): TeamRole[] => sortTeamRoles((JSON.parse(json) as string[]).filter(isTeamRole));

/** Company roles as stored (a JSON array). */
export const parseCompanyRoles = (json: string): CompanyRole[] =>
  sortCompanyRoles((JSON.parse(json) as string[]).filter(isCompanyRole));

/**
 * Invitation rows with the teams they grant: one query for the teams of all the rows. Takes an
 * executor so that a command answers with what its own transaction has just written.
 */
export async function withTeams(executor: Kysely<Database>, rows: readonly Invitation[]): Promise<InvitationRecord[]> {
  const teamsOf = await teamsOfInvitations(executor, rows.map((row) => row.id));
  return rows.map((invitation) => ({ invitation, teams: teamsOf.get(invitation.id) ?? [] }));
}

const teamsOfOneInvitation = prepare((db, v: { invitationId: string }) =>
  db
    .selectFrom('invitationTeams as it')
    .innerJoin('teams as t', 't.id', 'it.teamId')
    .select(['it.invitationId', 'it.teamId', 'it.roles'])
    .where('it.invitationId', '=', v.invitationId)
    .orderBy('t.name')
    .orderBy('t.id'),
);

async function teamsOfInvitations(executor: Kysely<Database>, ids: readonly string[]): Promise<Map<string, InvitationTeam[]>> {
  const teamsOf = new Map<string, InvitationTeam[]>();
  if (ids.length === 0) return teamsOf;
  // A command answers with one invitation: that case is prepared; a page's list is built as usual.
  const [onlyId] = ids;
  const grants =
    ids.length === 1 && onlyId !== undefined
      ? await teamsOfOneInvitation.execute(executor, { invitationId: onlyId })
      : await executor
          .selectFrom('invitationTeams as it')
          .innerJoin('teams as t', 't.id', 'it.teamId')
          .select(['it.invitationId', 'it.teamId', 'it.roles'])
          .where('it.invitationId', 'in', ids)
          .orderBy('t.name')
          .orderBy('t.id')
          .execute();
  for (const grant of grants) {
    const teams = teamsOf.get(grant.invitationId) ?? [];
    teams.push({ teamId: grant.teamId, roles: parseTeamRoles(grant.roles) });
    teamsOf.set(grant.invitationId, teams);
  }
  return teamsOf;
}

const replacedLink = prepare((db: Kysely<Database>, v: { tokenHash: string }) =>
  db.selectFrom('replacedInvitationTokens').select('invitationId').where('tokenHash', '=', v.tokenHash),
);

/**
 * The refusal of an invitation link no invitation holds now: INVITATION_REPLACED when a resend
 * replaced it (the invitee is to look for the newer mail, whatever the invitation's state since),
 * NOT_FOUND when no invitation ever had it.
 */
export async function unknownInvitationLink(db: Kysely<Database>, tokenHash: string): Promise<DomainError> {
  const replaced = await replacedLink.executeTakeFirst(db, { tokenHash });
  return replaced
    ? new DomainError('INVITATION_REPLACED', 'This invitation link was replaced when the invitation was sent again; use the link of the newer mail')
    : notFound('Invitation');
}
