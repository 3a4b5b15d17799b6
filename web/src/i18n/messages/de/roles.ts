import type { roles as english } from '../en/roles.js';

export const roles: typeof english = {
  labels: {
    owner: 'Kontoinhaber',
    admin: 'Kontoadministrator',
    finance: 'Finanzadministrator',
    team_admin: 'Team-Administrator',
    hiring_manager: 'Hiring Manager',
    recruiter: 'Recruiter',
    work_diary: 'Arbeitstagebuch-Betrachter',
  },
  onlyAdminsGrantTeamAdmin: 'Nur ein Kontoadministrator oder der Kontoinhaber kann diese Rolle vergeben.',
  onlyRolesYouHold: 'Sie können nur Rollen vergeben, die Sie in diesem Team selbst haben.',
  onlyOwnerGrantsCompanyRoles: 'Nur der Kontoinhaber kann diese Rolle vergeben.',
};
