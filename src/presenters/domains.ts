import type { CompanyDomain, JoinRequest } from '../db/schema.js';
import { challengeName, challengeValue } from '../domain/domains.js';

/** A company's domain in the Domain shape of API.md: its state, and the TXT record that proves it. */
export const presentDomain = (row: CompanyDomain) => ({
  id: row.id,
  domain: row.domain,
  status: row.status === 'verified' ? ('verified' as const) : ('pending' as const),
  record: { type: 'TXT' as const, name: challengeName(row.domain), value: challengeValue(row.token) },
  createdAt: row.createdAt,
  verifiedAt: row.verifiedAt,
});

/** Joining by domain: off (no row), straight into a team, or by request into a team. */
export const presentJoining = (row: { mode: string; teamId: string } | undefined) =>
  row === undefined
    ? { mode: 'off' as const, teamId: null }
    : { mode: row.mode === 'team' ? ('team' as const) : ('request' as const), teamId: row.teamId };

/** A request to join by domain, with the requester's email (as they asked), as its reviewers see it. */
export const presentJoinRequest = (row: JoinRequest) => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  email: row.email,
  teamId: row.teamId,
  status: row.status as 'pending' | 'approved' | 'declined' | 'joined',
  createdAt: row.createdAt,
  decidedAt: row.decidedAt,
});
