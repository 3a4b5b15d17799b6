import type { Tx } from '../db/database.js';
import type { Company } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { loadMember } from '../model/members.js';
import { assertNotContactPerson } from './contact-person.js';
import { rememberFormerMember } from './former-members.js';
import { addTeamMembership, removeTeamMembership } from './memberships.js';
import { scimRefusal } from './scim-shared.js';

/** A Group as a SCIM client sends it (POST, PUT, or the result of a PATCH), in Roster's terms. */
export interface ScimGroupInput {
  /** displayName: the team's name (normalised by the command). */
  name: string;
  externalId: string | null;
  /** The member ids, or undefined when the request leaves the members as they are. */
  memberIds: readonly string[] | undefined;
}

/**
 * Puts these people in the team with no roles; each must be a member of the company already
 * (SCIM creates Users first): another id is 400 `invalidValue`, changing nothing.
 */
export async function addScimMembers(tx: Tx, company: Company, teamId: string, userIds: readonly string[], now: Date): Promise<void> {
  for (const userId of userIds) {
    if (!(await loadMember(tx, company, userId))) throw scimRefusal('VALIDATION_FAILED', 'invalidValue', `No member of the company has the id ${userId}`);
  }
  for (const userId of userIds) await addTeamMembership(tx, { companyId: company.id, teamId, userId }, [], now);
}

/**
 * Takes these members out of the team under the rules of §4 "Remove from a team": not the owner
 * from the default team (§3.1), not the contact person of the team's running contracts (§3.3);
 * their last team gone, they leave the company. Every one is checked before any is removed.
 * Returns those who left the company.
 */
export async function removeScimMembers(tx: Tx, company: Company, teamId: string, userIds: readonly string[], now: Date): Promise<string[]> {
  const members = [];
  for (const userId of userIds) {
    const member = await loadMember(tx, company, userId);
    if (!member?.teams.has(teamId)) continue;
    if (member.isOwner && teamId === company.defaultTeamId) {
      throw new DomainError('OWNER_CANNOT_BE_REMOVED', 'The account owner stays in the default team');
    }
    await assertNotContactPerson(tx, company.id, userId, teamId);
    members.push(member);
  }
  const leftCompany: string[] = [];
  for (const member of members) {
    const result = await removeTeamMembership(tx, company.id, teamId, member, now);
    if (!result.leftCompany) continue;
    leftCompany.push(member.userId);
    await rememberFormerMember(tx, company.id, member, now);
  }
  return leftCompany;
}
