import { hashPassword } from '../../src/auth/passwords.js';
import { newId } from '../../src/auth/secrets.js';
import { createSession } from '../../src/commands/sessions-shared.js';
import { createCompany } from '../../src/commands/create-company.js';
import { addTeamMembership, ensureCompanyMember, replaceCompanyRoles } from '../../src/commands/memberships.js';
import type { Db } from '../../src/db/database.js';
import type { Company, ContractStatus, User } from '../../src/db/schema.js';
import { teamNameKey } from '../../src/domain/normalize.js';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import { SESSION_COOKIE } from '../../src/auth/authenticate.js';
import type { CommandContext } from '../../src/commands/context.js';
import type { TestServer } from './app.js';

/** Every factory-made user has this password; its scrypt hash is computed once per test file. */
export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** What a factory-made user may be given; `passwordHash` is TEST_PASSWORD's (scrypt, made once per file) unless given. */
export type UserFields = Partial<Pick<User, 'email' | 'name' | 'passwordHash' | 'language'>>;

/** A user, inserted directly (sign-up's own tests go through the route); their password is TEST_PASSWORD. */
export async function makeUser(db: Db, fields: UserFields = {}): Promise<User> {
  const suffix = unique();
  const user: Omit<User, 'deletedAt' | 'language'> = {
    id: newId(),
    email: fields.email ?? `user-${suffix}@example.com`,
    name: fields.name ?? `User ${suffix}`,
    passwordHash: fields.passwordHash ?? (await (passwordHash ??= hashPassword(TEST_PASSWORD))),
    emailVerified: 1,
    createdAt: new Date().toISOString(),
  };
  // Inserted without `deletedAt` (and `language` unless given), so that the tests of older migrations make users too.
  const language = fields.language ?? null;
  await db.kysely.insertInto('users').values(language === null ? user : { ...user, language }).execute();
  return { ...user, deletedAt: null, language };
}

/** Headers that sign requests in as the user, with a fresh session cookie. */
export async function signedIn(db: Db, user: User): Promise<{ cookie: string }> {
  const secret = await db.write((tx) => createSession(tx, user.id, new Date()).then((session) => session.secret));
  return { cookie: `${SESSION_COOKIE}=${secret}` };
}

export interface Membership {
  teams?: Record<string, TeamRole[]>;
  companyRoles?: CompanyRole[];
}

/** A company owned by a new user; `team(name)` adds teams, `member(...)` adds members directly. */
export function makeCompany(server: TestServer, name = 'Acme') {
  return makeCompanyOn(server.db, (userId) => server.as(userId), { name });
}

/**
 * makeCompany on any database: `as` gives the command context of a user (the owner's makes the
 * company), and `userFields` go to every user it makes (the race tests give a cheaper password hash).
 */
export async function makeCompanyOn(
  db: Db,
  as: (userId: string) => CommandContext,
  { name = 'Acme', userFields = {} }: { name?: string; userFields?: UserFields } = {},
) {
  const owner = await makeUser(db, { ...userFields, name: 'Olivia Owner' });
  const company: Company = await createCompany(as(owner.id), { name });
  return {
    company,
    owner,
    defaultTeamId: company.defaultTeamId,
    /** A new team of the company. */
    async team(teamName: string): Promise<string> {
      const id = newId();
      await db.kysely
        .insertInto('teams')
        .values({ id, companyId: company.id, name: teamName, nameKey: teamNameKey(teamName), hidden: 0, isDefault: 0, createdAt: new Date().toISOString() })
        .execute();
      return id;
    },
    /** A new user made a member with these teams and roles (default: the default team, no roles). */
    async member(membership: Membership = {}, fields: UserFields = {}): Promise<User> {
      const user = await makeUser(db, { ...userFields, ...fields });
      const teams = membership.teams ?? { [company.defaultTeamId]: [] };
      await db.write(async (tx) => {
        const now = new Date();
        await ensureCompanyMember(tx, company.id, user, now);
        for (const [teamId, roles] of Object.entries(teams)) {
          await addTeamMembership(tx, { companyId: company.id, teamId, userId: user.id }, roles, now);
        }
        await replaceCompanyRoles(tx, company.id, user.id, membership.companyRoles ?? []);
      });
      return user;
    },
  };
}

/**
 * Every row of every table, sorted: two snapshots are equal exactly when nothing changed. A
 * credential's `lastUsedAt` is left out: authentication records it (at most once a minute) before
 * the request is decided, refused or not, as GitHub's "last used" does.
 */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const tables = [
    'users', 'sessions', 'apiTokens', 'emailVerifications', 'companies', 'teams', 'companyMembers',
    'companyMemberRoles', 'teamMembers', 'teamMemberRoles', 'invitations', 'invitationTeams', 'contracts',
    'auditEvents', 'outbox', 'securityEvents', 'passwordResets', 'emailChanges', 'twoFactor', 'recoveryCodes', 'signInChallenges',
    'companyDomains', 'companyJoining', 'joinRequests', 'scimTokens', 'scimUsers', 'scimGroups', 'companySso', 'ssoDomains', 'ssoIdentities', 'formerMembers',
    'companyApiTokens',
    'webhookEndpoints', 'webhookDeliveries', 'webhookAttempts',
  ] as const;
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await db.kysely.selectFrom(table).selectAll().execute();
    result[table] = rows.map((row) => JSON.stringify({ ...row, lastUsedAt: undefined })).sort();
  }
  return result;
}

/** A contract of the team, with this contact person, inserted directly (its own tests go through the route). */
export async function makeContract(db: Db, companyId: string, teamId: string, contactPersonId: string, status: ContractStatus = 'active'): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: 'Logo design', freelancerName: 'Fay', status, contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return id;
}
