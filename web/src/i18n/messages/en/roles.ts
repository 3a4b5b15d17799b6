import type { Role } from '../../../../../src/domain/roles.js';

/** The roles as the page names them, and why one may not be granted. */
export const roles = {
  labels: {
    owner: 'Account owner',
    admin: 'Account admin',
    finance: 'Finance admin',
    team_admin: 'Team admin',
    hiring_manager: 'Hiring manager',
    recruiter: 'Recruiter',
    work_diary: 'Work diary viewer',
  } satisfies Record<Role, string>,
  /** Beside a disabled Team admin: only a rank above team admin grants it (RULES.md §2.2). */
  onlyAdminsGrantTeamAdmin: 'Only an account admin or the owner can grant this role.',
  /** Beside another disabled team role: a granter passes on only roles they hold there. */
  onlyRolesYouHold: 'You can grant only roles that you hold yourself in this team.',
  /** Beside a disabled company role: the owner alone grants those. */
  onlyOwnerGrantsCompanyRoles: 'Only the account owner can grant this role.',
};
