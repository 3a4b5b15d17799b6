import type { InvitationStatus } from '../db/schema.js';
import type { CompanyRole, TeamRole } from '../domain/roles.js';
import { effectiveStatus, parseCompanyRoles, type InvitationRecord } from '../model/invitations.js';

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
