import type { Db } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import type { Company } from '../db/schema.js';
import { notFound } from '../domain/errors.js';
import { holds, type MemberContext } from '../domain/policy.js';
import type { Action } from '../domain/roles.js';
import { coveredByTwoFactorRule } from '../domain/two-factor-rule.js';
import { memberFromRows, membershipRows } from '../model/members.js';

/** One question of the permission check: may `userId` do `action` in team `teamId` (anywhere in the company without one)? */
export interface PermissionQuestion {
  userId: string;
  action: Action;
  teamId?: string | undefined;
}

/** Why the answer is no; absent when it is yes. */
export type PermissionRefusal = 'not_a_member' | 'suspended' | 'two_factor_required' | 'unknown_team' | 'not_allowed';

export interface PermissionAnswer {
  allowed: boolean;
  reason?: PermissionRefusal;
}

/** What one company's answers rest on, as read under one membership revision: filled as questions name people and teams. */
interface CompanySnapshot {
  readonly revision: number;
  /** userId → their roles (null: not a member), and whether two-factor is on for them. */
  readonly members: Map<string, { member: MemberContext | null; twoFactorOn: boolean }>;
  /** teamId → whether it is a team of the company. */
  readonly teams: Map<string, boolean>;
}

/** How many people, over all companies, a process keeps the roles of for the check. */
const DEFAULT_REMEMBERED_MEMBERS = 200_000;

const companyRow = prepare((db, v: { companyId: string }) => db.selectFrom('companies').selectAll().where('id', '=', v.companyId));

/**
 * The permission check's reading of the roles (RULES.md "The permission check"). Every call reads
 * the company's row afresh, with its membership revision: any change to its members, teams, roles,
 * suspensions, two-factor rule or its members' two-factor gives the company a new revision in the
 * same transaction (migrations 0005 and 0015). The roles this process read under the revision it
 * now reads are those the database holds now, so they answer; under another revision nothing read
 * before is used. A demotion therefore answers no from its commit on, as if every role were read
 * for every call, and a call about people already asked about costs one primary-key read.
 */
export class PermissionCheck {
  readonly #snapshots = new Map<string, CompanySnapshot>();
  readonly #limit: number;
  #remembered = 0;

  constructor(limit = DEFAULT_REMEMBERED_MEMBERS) {
    this.#limit = limit;
  }

  async answer(db: Db, companyId: string, questions: readonly PermissionQuestion[]): Promise<PermissionAnswer[]> {
    const company = await companyRow.executeTakeFirst(db.kysely, { companyId });
    if (!company) throw notFound('Company');
    const snapshot = this.#snapshotOf(company);
    // Read after the revision: what is read now is at least as new as that revision, so kept under it.
    await this.#fill(db, company, snapshot, questions);
    return questions.map(({ userId, action, teamId }) => {
      const known = snapshot.members.get(userId);
      const member = known?.member ?? null;
      if (member === null) return { allowed: false, reason: 'not_a_member' };
      if (member.suspended === true) return { allowed: false, reason: 'suspended' };
      if (!known?.twoFactorOn && coveredByTwoFactorRule(company.twoFactorRule, member)) return { allowed: false, reason: 'two_factor_required' };
      if (teamId !== undefined && snapshot.teams.get(teamId) !== true) return { allowed: false, reason: 'unknown_team' };
      return holds(member, action, teamId) ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
    });
  }

  /** The company's snapshot under its revision now: the one kept, or a new empty one (the company moves to the end of the eviction order). */
  #snapshotOf(company: Company): CompanySnapshot {
    const kept = this.#snapshots.get(company.id);
    this.#snapshots.delete(company.id);
    const snapshot = kept?.revision === company.membershipRevision ? kept : { revision: company.membershipRevision, members: new Map(), teams: new Map() };
    if (kept !== undefined && kept !== snapshot) this.#remembered -= kept.members.size;
    this.#snapshots.set(company.id, snapshot);
    return snapshot;
  }

  /** Reads the roles and two-factor of the people, and the teams, the questions name that the snapshot has not read yet. */
  async #fill(db: Db, company: Company, snapshot: CompanySnapshot, questions: readonly PermissionQuestion[]): Promise<void> {
    const userIds = [...new Set(questions.map(({ userId }) => userId))].filter((userId) => !snapshot.members.has(userId));
    const teamIds = [...new Set(questions.flatMap(({ teamId }) => (teamId === undefined ? [] : [teamId])))].filter((teamId) => !snapshot.teams.has(teamId));
    if (userIds.length > 0) {
      const [rows, twoFactor] = await Promise.all([
        membershipRows(db.kysely, company.id, userIds).execute(),
        db.kysely.selectFrom('twoFactor').select('userId').where('userId', 'in', userIds).where('enabledAt', 'is not', null).execute(),
      ]);
      const rowsByUser = new Map<string, typeof rows>();
      for (const row of rows) {
        const own = rowsByUser.get(row.userId);
        if (own) own.push(row);
        else rowsByUser.set(row.userId, [row]);
      }
      const twoFactorOn = new Set(twoFactor.map(({ userId }) => userId));
      for (const userId of userIds) {
        snapshot.members.set(userId, { member: memberFromRows(company, userId, rowsByUser.get(userId) ?? []), twoFactorOn: twoFactorOn.has(userId) });
      }
      this.#remembered += userIds.length;
      this.#evict();
    }
    if (teamIds.length > 0) {
      const found = await db.kysely.selectFrom('teams').select('id').where('companyId', '=', company.id).where('id', 'in', teamIds).execute();
      const ofCompany = new Set(found.map(({ id }) => id));
      for (const teamId of teamIds) snapshot.teams.set(teamId, ofCompany.has(teamId));
    }
  }

  /** Drops the companies asked about least recently until the people kept are within the limit (the one just asked about stays). */
  #evict(): void {
    for (const [companyId, snapshot] of this.#snapshots) {
      if (this.#remembered <= this.#limit || this.#snapshots.size <= 1) return;
      this.#snapshots.delete(companyId);
      this.#remembered -= snapshot.members.size;
    }
  }
}
