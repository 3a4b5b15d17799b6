import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashSecret, newId, newSecret } from '../../src/auth/secrets.js';
import type { CommandContext } from '../../src/commands/context.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import type { User } from '../../src/db/schema.js';
import type { TeamRole } from '../../src/domain/roles.js';
import { POSTGRES_ADMIN_URL } from '../support/database.js';
import { makeCompanyOn, makeUser as makeSharedUser, signedIn, TEST_PASSWORD } from '../support/factories.js';
import { testSettings } from '../support/settings.js';

/**
 * Helpers of the two-process race tests. They always run on PostgreSQL, whatever vitest project
 * (and ROSTER_TEST_DATABASE) runs them: racing processes on one database is what they are about.
 */

/** Whether the PostgreSQL server answers at all. */
export async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function onPostgresServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface RaceDatabase {
  db: Db;
  /** The `postgres://` address the server processes are given. */
  url: string;
  /** A folder of the test's own, for the servers' mail. */
  dir: string;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/** A new, migrated PostgreSQL database of the race tests' own. */
export async function openRaceDatabase(): Promise<RaceDatabase> {
  const name = `roster_race_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(`create database ${name}`);
  const address = new URL(POSTGRES_ADMIN_URL);
  address.pathname = `/${name}`;
  const url = address.toString();
  const db = openDatabase(url, { poolSize: 8 });
  await db.migrate();
  const dir = mkdtempSync(join(tmpdir(), 'roster-races-'));
  return {
    db,
    url,
    dir,
    drop: async () => {
      await db.close();
      await onPostgresServer(`drop database if exists ${name} with (force)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * TEST_PASSWORD hashed in the server's stored format (`scrypt$N$r$p$salt$key`, see
 * src/auth/passwords.ts) at a low cost, N=2^10: the server reads the cost from the hash, so the
 * ownership transfer's password check takes a millisecond instead of a loaded machine's second, and
 * the transfer and the removal reach the company lock close enough together for either to win.
 */
function cheapPasswordHash(password: string): string {
  const cost = { N: 2 ** 10, r: 8, p: 1 };
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 64, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}
const passwordHash = cheapPasswordHash(TEST_PASSWORD);

/** A user inserted directly, whose password is TEST_PASSWORD (under the cheap hash above). */
export function makeUser(db: Db, fields: Partial<Pick<User, 'email' | 'name'>> = {}): Promise<User> {
  return makeSharedUser(db, { ...fields, passwordHash });
}

/** The Cookie header of a new session of the user (no sign-in, so no scrypt). */
export async function cookieOf(db: Db, user: User): Promise<string> {
  return (await signedIn(db, user)).cookie;
}

/**
 * A company made with the shared factory (test/support/factories.ts), its users under the cheap
 * password hash, with helpers that add contracts and invitations too. The race tests run their
 * servers in child processes on a PostgreSQL database of their own, so this builds on a Db, not a
 * TestServer.
 */
export async function makeCompany(db: Db) {
  const as = (actorId: string): CommandContext => ({
    db,
    settings: testSettings(),
    actorId,
    now: () => new Date(),
    requestId: 'setup',
    sessionAuthenticatedAt: new Date().toISOString(),
  });
  const made = await makeCompanyOn(db, as, { name: 'Race Inc', userFields: { passwordHash } });
  const { company, owner } = made;
  return {
    ...made,
    /** An active contract in the team with this contact person (who must qualify: the caller sees to it). */
    async contract(teamId: string, contactPersonId: string): Promise<string> {
      const id = newId();
      const now = new Date().toISOString();
      await db.kysely
        .insertInto('contracts')
        .values({
          id,
          companyId: company.id,
          teamId,
          title: 'Race contract',
          freelancerName: 'Fran Freelancer',
          status: 'active',
          contactPersonId,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      return id;
    },
    /** A pending invitation of this email into the team, sent by the owner; returns its link's token. */
    async invitation(email: string, teamId: string, roles: TeamRole[] = []): Promise<string> {
      const token = newSecret();
      const id = newId();
      const now = new Date();
      await db.kysely
        .insertInto('invitations')
        .values({
          id,
          companyId: company.id,
          email,
          status: 'pending',
          tokenHash: hashSecret(token),
          invitedBy: owner.id,
          message: null,
          companyRoles: '[]',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
          respondedAt: null,
        })
        .execute();
      await db.kysely
        .insertInto('invitationTeams')
        .values({ invitationId: id, companyId: company.id, teamId, roles: JSON.stringify(roles) })
        .execute();
      return token;
    },
  };
}

/** One request sent during a race, and its answer. */
export interface Sent {
  /** Which server process took it: 0 or 1. */
  process: number;
  label: string;
  requestId: string;
  status: number;
  code: string | undefined;
  /** How long the answer took, in ms. */
  ms: number;
}

export interface Call {
  label: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  cookie: string;
  body?: object;
}

/** Sends one request to a server, with a request id of its own so that its audit events can be found. */
export async function send(url: string, process: number, call: Call): Promise<Sent> {
  const requestId = `race-${randomUUID()}`;
  const started = performance.now();
  const response = await fetch(`${url}${call.path}`, {
    method: call.method,
    headers: {
      cookie: call.cookie,
      'x-request-id': requestId,
      ...(call.body ? { 'content-type': 'application/json' } : {}),
    },
    body: call.body ? JSON.stringify(call.body) : null,
  });
  const text = await response.text();
  let code: string | undefined;
  if (response.status >= 400 && text !== '') code = (JSON.parse(text) as { code?: string }).code;
  return { process, label: call.label, requestId, status: response.status, code, ms: performance.now() - started };
}

export interface RaceOptions {
  /** The process the first call goes to; the others alternate from there. */
  first?: number;
  /** A delay (ms) before each call, by its index. */
  delays?: readonly number[];
}

/** Sends all the calls at the same moment, alternating between the two server processes. */
export function race(urls: readonly [string, string], calls: readonly Call[], options: RaceOptions = {}): Promise<Sent[]> {
  return Promise.all(
    calls.map(async (call, index) => {
      const delay = options.delays?.[index] ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const process = (index + (options.first ?? 0)) % 2;
      return send(urls[process] as string, process, call);
    }),
  );
}

/** What one answer was: its status, and its code when refused, e.g. `409 NOT_HIRING_MANAGER`. */
export const answerOf = (sent: Sent): string => (succeeded(sent) ? String(sent.status) : `${sent.status} ${sent.code ?? '?'}`);

/**
 * Which of the legal outcomes (name → the answer of each request, by label) the round ended with;
 * throws with every answer when it matches none, e.g. a 500, or two winners where one is allowed.
 */
export function outcomeOf(sents: readonly Sent[], legal: Record<string, Record<string, string>>): string {
  for (const [name, answers] of Object.entries(legal)) {
    if (sents.every((sent) => answers[sent.label] === answerOf(sent))) return name;
  }
  const got = sents.map((sent) => `${sent.label}@${sent.process}: ${answerOf(sent)}`).join('; ');
  throw new Error(`no legal outcome: ${got}`);
}

/** Whether the answer is a success. */
export const succeeded = (sent: Sent): boolean => sent.status >= 200 && sent.status < 300;

/**
 * Every invariant of RULES.md §3 for one company, and §3.6 for the requests of the round: returns
 * the list of what is broken (empty when all holds), so that a failure names every violation at once.
 */
export async function invariantViolations(db: Db, companyId: string, requests: readonly Sent[]): Promise<string[]> {
  const k = db.kysely;
  const violations: string[] = [];
  const company = await k.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirstOrThrow();
  const [teams, members, memberRoles, teamMembers, teamRoles, contracts, invitations, events, users] = await Promise.all([
    k.selectFrom('teams').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('companyMembers').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('companyMemberRoles').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('teamMembers').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('teamMemberRoles').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('contracts').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('invitations').selectAll().where('companyId', '=', companyId).execute(),
    k.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).orderBy('seq').execute(),
    k.selectFrom('users').select(['id', 'email']).execute(),
  ]);
  const memberIds = new Set(members.map((member) => member.userId));
  const inTeam = new Set(teamMembers.map((row) => `${row.teamId}/${row.userId}`));
  const hiringManagers = new Set(teamRoles.filter((row) => row.role === 'hiring_manager').map((row) => `${row.teamId}/${row.userId}`));

  // §3.1: exactly one owner (one owner_id column), a member of the one default team.
  const defaults = teams.filter((team) => team.isDefault === 1);
  if (defaults.length !== 1 || defaults[0]?.id !== company.defaultTeamId) violations.push('§3.1 the company does not have exactly its one default team');
  if (!memberIds.has(company.ownerId)) violations.push(`§3.1 the owner ${company.ownerId} is not a member`);
  if (!inTeam.has(`${company.defaultTeamId}/${company.ownerId}`)) violations.push(`§3.1 the owner ${company.ownerId} is not in the default team`);

  // §3.2: a member belongs to a team, and a team membership belongs to a member; roles hang on memberships.
  const withTeam = new Set(teamMembers.map((row) => row.userId));
  for (const member of members) if (!withTeam.has(member.userId)) violations.push(`§3.2 member ${member.userId} belongs to no team`);
  for (const row of teamMembers) if (!memberIds.has(row.userId)) violations.push(`§3.2 team member ${row.userId} of ${row.teamId} is not a company member`);
  for (const row of teamRoles) if (!inTeam.has(`${row.teamId}/${row.userId}`)) violations.push(`§3.2 role ${row.role} of ${row.userId} outside a membership`);
  for (const row of memberRoles) if (!memberIds.has(row.userId)) violations.push(`§3.2 company role ${row.role} of non-member ${row.userId}`);

  // §3.3: the contact person of an active or paused contract qualifies in its team.
  for (const contract of contracts) {
    if (contract.status === 'ended') continue;
    const key = `${contract.teamId}/${contract.contactPersonId}`;
    const qualifies = inTeam.has(key) && (hiringManagers.has(key) || contract.contactPersonId === company.ownerId);
    if (!qualifies) violations.push(`§3.3 contract ${contract.id}: contact person ${contract.contactPersonId} does not qualify in ${contract.teamId}`);
  }

  // §3.4: one pending invitation per email, and none to a member's email.
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  const memberEmails = new Set([...memberIds].map((id) => emailOf.get(id)));
  const pendingByEmail = new Map<string, number>();
  for (const invitation of invitations.filter((row) => row.status === 'pending')) {
    pendingByEmail.set(invitation.email, (pendingByEmail.get(invitation.email) ?? 0) + 1);
    if (memberEmails.has(invitation.email)) violations.push(`§3.4 a pending invitation to member ${invitation.email}`);
  }
  for (const [email, count] of pendingByEmail) if (count > 1) violations.push(`§3.4 ${count} pending invitations to ${email}`);

  // §3.5: an accepted invitation was accepted once, by its email's account, who is a member (unless removed since).
  const acceptances = new Map<string, { seq: number; actorId: string }[]>();
  for (const event of events.filter((row) => row.type === 'invitation.accepted')) {
    const invitationId = (JSON.parse(event.data) as { invitationId: string }).invitationId;
    acceptances.set(invitationId, [...(acceptances.get(invitationId) ?? []), { seq: event.seq, actorId: event.actorId }]);
  }
  for (const invitation of invitations) {
    const accepted = acceptances.get(invitation.id) ?? [];
    if (invitation.status !== 'accepted') {
      if (accepted.length > 0) violations.push(`§3.5 invitation ${invitation.id} is ${invitation.status} but was accepted`);
      continue;
    }
    if (accepted.length !== 1) violations.push(`§3.5 invitation ${invitation.id} accepted ${accepted.length} times`);
    const acceptedBy = accepted[0];
    if (!acceptedBy) continue;
    if (emailOf.get(acceptedBy.actorId) !== invitation.email) violations.push(`§3.5 invitation ${invitation.id} accepted by another email`);
    const leftSince = events.some(
      (event) => event.seq > acceptedBy.seq && event.targetId === acceptedBy.actorId && event.type.startsWith('member.'),
    );
    if (!leftSince && !memberIds.has(acceptedBy.actorId)) violations.push(`§3.5 ${invitation.email} accepted ${invitation.id} but is no member`);
  }

  // §4 "Suspend and reinstate": the owner is never suspended; a suspended member has no pending invitation out.
  const suspended = new Set(members.filter((member) => member.suspendedAt !== null).map((member) => member.userId));
  if (suspended.has(company.ownerId)) violations.push(`§4 (suspension) the owner ${company.ownerId} is suspended`);
  for (const invitation of invitations) {
    if (invitation.status === 'pending' && suspended.has(invitation.invitedBy)) {
      violations.push(`§4 (suspension) invitation ${invitation.id} pending from suspended ${invitation.invitedBy}`);
    }
  }

  // §3.6: a successful request wrote exactly one audit event, a refused one none.
  for (const sent of requests) {
    const written = events.filter((event) => event.requestId === sent.requestId).length;
    const expected = succeeded(sent) ? 1 : 0;
    if (written !== expected) violations.push(`§3.6 ${sent.label} answered ${sent.status} and wrote ${written} audit events`);
  }
  return violations;
}

/** The audit event's place in the log (`seq`) of a successful request. */
export async function seqOf(db: Db, sent: Sent): Promise<number> {
  const event = await db.kysely.selectFrom('auditEvents').select('seq').where('requestId', '=', sent.requestId).executeTakeFirstOrThrow();
  return event.seq;
}

/** Counts how often each outcome of a scenario happened, for the one-line summary. */
export class Tally {
  private readonly counts = new Map<string, number>();

  constructor(readonly scenario: string) {}

  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  /** How many rounds ended this way. */
  count(outcome: string): number {
    return this.counts.get(outcome) ?? 0;
  }

  summary(): string {
    const parts = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([outcome, count]) => `${outcome} ×${count}`);
    return `[race] ${this.scenario}: ${parts.join(', ')}`;
  }
}

/** Runs `rounds` rounds, `parallel` at a time (each round races on its own company). */
export async function repeat(rounds: number, parallel: number, round: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < rounds) await round(next++);
    }),
  );
}
