/** Bulk changes to members (RULES.md §4 "Bulk changes"): the actions, and how many people one request takes. */

/** What one bulk request does to each person it names. */
export const BULK_ACTIONS = ['add_to_team', 'set_team_roles', 'remove_from_team', 'remove_from_company', 'suspend'] as const;

export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The actions that name a team (`teamId`), and of them those that set roles there (`roles`). */
export const TEAM_BULK_ACTIONS: readonly BulkAction[] = ['add_to_team', 'set_team_roles', 'remove_from_team'];
export const ROLE_BULK_ACTIONS: readonly BulkAction[] = ['add_to_team', 'set_team_roles'];

/** At most this many people in one bulk request, named or matched by a filter. */
export const BULK_MEMBERS_MAX = 1000;
