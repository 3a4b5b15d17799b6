/**
 * Invitations as the API shapes them (`InvitationView`), and the one way the stored invitation
 * roles are read (`parseTeamRoles`, `parseCompanyRoles`). Below commands (which answer with the
 * invitations they wrote) and queries (the invitations list).
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database, Invitation, InvitationStatus } from '../db/schema.js';
import { isCompanyRole, isTeamRole, sortCompanyRoles, sortTeamRoles, type CompanyRole, type TeamRole } from '../domain/roles.js';

/** The Invitation shape of API.md. */
export interface InvitationView {
  id: string;
  email: string;
  status: InvitationStatus;
  teams: { teamId: string; roles: TeamRole[] }[];
  companyRoles: CompanyRole[];
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

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
 * Invitation rows with their teams, shaped for the API: one query for the teams of all the rows.
 * Takes an executor so that a command answers with what its own transaction has just written.
 */
export async function presentInvitations(
  executor: Kysely<Database>,
  rows: readonly Invitation[],
  now: Date,
): Promise<InvitationView[]> {
  const teamsOf = await teamsOfInvitations(executor, rows.map((row) => row.id));
  return rows.map((row) => toView(row, teamsOf.get(row.id) ?? [], now));
}

/** One invitation row with its teams, shaped for the API. */
export async function presentInvitation(executor: Kysely<Database>, row: Invitation, now: Date): Promise<InvitationView> {
  const teamsOf = await teamsOfInvitations(executor, [row.id]);
  return toView(row, teamsOf.get(row.id) ?? [], now);
}

type TeamGrantView = InvitationView['teams'][number];

const teamsOfOneInvitation = prepare((db, v: { invitationId: string }) =>
  db
    .selectFrom('invitationTeams as it')
    .innerJoin('teams as t', 't.id', 'it.teamId')
    .select(['it.invitationId', 'it.teamId', 'it.roles'])
    .where('it.invitationId', '=', v.invitationId)
    .orderBy('t.name')
    .orderBy('t.id'),
);

async function teamsOfInvitations(executor: Kysely<Database>, ids: readonly string[]): Promise<Map<string, TeamGrantView[]>> {
  const teamsOf = new Map<string, TeamGrantView[]>();
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

function toView(row: Invitation, teams: TeamGrantView[], now: Date): InvitationView {
  return {
    id: row.id,
    email: row.email,
    status: effectiveStatus(row, now),
    teams,
    companyRoles: parseCompanyRoles(row.companyRoles),
    invitedBy: row.invitedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
