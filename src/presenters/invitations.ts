import type { Invitation, InvitationStatus } from '../db/schema.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';
import { effectiveStatus, parseCompanyRoles, parseTeamRoles, type FormerMembership, type InvitationRecord, type RowOutcome } from '../model/invitations.js';

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

/** An invitation with its teams in the Invitation shape, its status as of `now`. */
export function presentInvitation({ invitation, teams }: InvitationRecord, now: Date): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    status: effectiveStatus(invitation, now),
    teams,
    companyRoles: parseCompanyRoles(invitation.companyRoles),
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
  };
}

/** What the page of an accept link shows before anyone signs in. */
export interface InvitationPreview {
  companyName: string;
  inviterName: string;
  email: string;
  teams: { teamName: string; roles: TeamRole[] }[];
  companyRoles: CompanyRole[];
  status: InvitationStatus;
  expiresAt: string;
}

/** The invitation behind an accept link, with its company's and inviter's names and its teams' names, as of `now`. */
export function presentInvitationPreview(
  invitation: Pick<Invitation, 'email' | 'status' | 'expiresAt' | 'companyRoles'> & { companyName: string; inviterName: string },
  teams: readonly { teamName: string; roles: string }[],
  now: Date,
): InvitationPreview {
  return {
    companyName: invitation.companyName,
    inviterName: invitation.inviterName,
    email: invitation.email,
    teams: teams.map((team) => ({ teamName: team.teamName, roles: parseTeamRoles(team.roles) })),
    companyRoles: parseCompanyRoles(invitation.companyRoles),
    status: effectiveStatus(invitation, now),
    expiresAt: invitation.expiresAt,
  };
}

/** One row's answer of an invitation list (docs/API.md "Invitations", `…/invitations/batch`). */
export interface InviteRowView {
  email: string;
  result: 'invited' | 'valid' | 'refused';
  invitation?: InvitationView;
  code?: string;
  detail?: string;
  previous?: FormerMembership;
}

/** What became of each row, as the API answers it. */
export function presentRowOutcome(outcome: RowOutcome, now: Date): InviteRowView {
  const base = { email: outcome.email, result: outcome.result, ...(outcome.previous === undefined ? {} : { previous: outcome.previous }) };
  switch (outcome.result) {
    case 'invited':
      return { ...base, invitation: presentInvitation(outcome.invitation, now) };
    case 'valid':
      return base;
    case 'refused':
      return { ...base, code: outcome.code, detail: outcome.detail };
  }
}
