/**
 * Issue 3's property test: random sequences of operations by random actors (members of every
 * rank, non-members, nobody signed in) go through the real HTTP stack, and each answer's status
 * and code, its audit event (§3.6), and the state after it must equal what the reference model in
 * ./model.ts predicts. Runs on SQLite and on PostgreSQL, by the vitest project.
 *
 * A failure prints the shrunk counterexample, the numbered steps as they ran, and fast-check's
 * seed and path: `ROSTER_PROPERTY_SEED=<seed> ROSTER_PROPERTY_PATH=<path>` replays it.
 * `ROSTER_PROPERTY_RUNS` changes the number of runs, `ROSTER_PROPERTY_STATS=1` prints how often
 * each operation got each answer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId, newSecret } from '../../src/auth/secrets.js';
import { addTeamMembership, ensureCompanyMember, replaceCompanyRoles } from '../../src/commands/memberships.js';
import type { User } from '../../src/db/schema.js';
import { openBody } from '../../src/mail/outbox.js';
import { COMPANY_ROLES, TEAM_ROLES, isCompanyRole, isTeamRole, type CompanyRole, type TeamRole } from '../../src/domain/roles.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { TEST_PASSWORD, makeCompany, makeUser, signedIn } from '../support/factories.js';
import {
  ANONYMOUS,
  GHOST_EMAIL,
  INVITEE,
  SOME_MEMBER,
  SOME_NEWCOMER,
  THE_OWNER,
  TEAMS,
  USERS,
  canBeContactPerson,
  invariantViolations,
  pick,
  resolve,
  step,
  type ContractStatus,
  type ModelState,
  type Operation,
} from './model.js';

/** Runs per database; `ROSTER_PROPERTY_RUNS` raises it for a longer soak. */
const RUNS = Number(process.env.ROSTER_PROPERTY_RUNS ?? 50);
const MAX_STEPS = 30;
const START = Date.parse('2026-01-05T10:00:00.000Z');
const HOUR_MS = 3_600_000;

let server: TestServer;
beforeAll(async () => {
  // The model has no rate limits; the HTTP tests prove those.
  server = await startTestServer({ RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------
// Arbitraries

const user = fc.integer({ min: 0, max: USERS - 1 });
const team = fc.integer({ min: 0, max: TEAMS - 1 });
/** Mostly a member of the company at that step; also anyone with an account, now and then nobody signed in. */
const actor = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: SOME_MEMBER, max: SOME_MEMBER + 30 }) },
  { weight: 3, arbitrary: fc.constant(THE_OWNER) },
  { weight: 5, arbitrary: user },
  { weight: 1, arbitrary: fc.constant(ANONYMOUS) },
);
/** Mostly a member at that step, sometimes anyone with an account. */
const target = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: SOME_MEMBER, max: SOME_MEMBER + 30 }) }, { weight: 2, arbitrary: user });
const teamRoles = fc.subarray([...TEAM_ROLES]);
const companyRoles = fc.constantFrom<CompanyRole[]>([], [], [], ['finance'], ['admin'], ['admin', 'finance']);
const index = fc.nat({ max: 30 });
const grants = fc.uniqueArray(fc.record({ team, roles: teamRoles }), { minLength: 1, maxLength: 2, selector: (grant) => grant.team });
const contractStatus = fc.constantFrom<ContractStatus>('active', 'paused', 'ended');

/** Invitations the owner sends first, so that accepting, declining, resending and revoking have something to act on. */
const openingInvitations: fc.Arbitrary<Operation[]> = fc.array(
  fc.record({
    kind: fc.constant('invite' as const),
    actor: fc.constant(THE_OWNER),
    email: fc.integer({ min: SOME_NEWCOMER, max: SOME_NEWCOMER + 30 }),
    teams: grants,
    companyRoles,
  }),
  { maxLength: 2 },
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('setTeamRoles' as const), actor, target, team, roles: teamRoles }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('removeFromTeam' as const), actor, target, team }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leaveTeam' as const), actor, team }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('removeFromCompany' as const), actor, target }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leaveCompany' as const), actor }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('setCompanyRoles' as const), actor, target, roles: companyRoles }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('createContract' as const), actor, team, contact: fc.option(user) }) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        kind: fc.constant('updateContract' as const),
        actor,
        contract: index,
        team: fc.option(team, { freq: 3 }),
        contact: fc.option(user, { freq: 4 }),
      })
      .filter((op) => op.team !== null || op.contact !== null),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('setContractStatus' as const), actor, contract: index, status: contractStatus }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('invite' as const),
      actor,
      email: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: SOME_NEWCOMER, max: SOME_NEWCOMER + 30 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: GHOST_EMAIL }) },
      ),
      teams: grants,
      companyRoles,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('accept' as const),
      actor: fc.oneof({ weight: 4, arbitrary: fc.constant(INVITEE) }, { weight: 1, arbitrary: actor }),
      invitation: index,
      oldLink: fc.constantFrom(false, false, false, true),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), actor, invitation: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revoke' as const), actor, invitation: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resend' as const), actor, invitation: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setTeamHidden' as const), actor, team, hidden: fc.boolean() }) },
  // Rare: the owner's password is checked with scrypt, which takes a while.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('transferOwnership' as const),
      actor: fc.oneof({ weight: 3, arbitrary: fc.constant(THE_OWNER) }, { weight: 1, arbitrary: actor }),
      target,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advanceClock' as const), hours: fc.constantFrom(24, 100, 169) }) },
);

/** The company a run starts from: who is in which team with which roles, hidden teams, contracts. */
interface World {
  seats: (TeamRole[] | null)[][];
  companyRoles: CompanyRole[][];
  hidden: boolean[];
  contracts: { team: number; contact: number; status: ContractStatus }[];
}

const world: fc.Arbitrary<World> = fc.record({
  seats: fc.array(fc.array(fc.option(teamRoles, { freq: 2 }), { minLength: TEAMS, maxLength: TEAMS }), {
    minLength: USERS,
    maxLength: USERS,
  }),
  companyRoles: fc.array(companyRoles, { minLength: USERS, maxLength: USERS }),
  hidden: fc.array(fc.constantFrom(false, false, false, true), { minLength: TEAMS, maxLength: TEAMS }),
  contracts: fc.array(fc.record({ team, contact: user, status: fc.constantFrom<ContractStatus>('active', 'active', 'paused', 'ended') }), {
    maxLength: 4,
  }),
});

const sortTeam = (roles: Iterable<string>): TeamRole[] => {
  const set = new Set(roles);
  return TEAM_ROLES.filter((role) => set.has(role));
};
const sortCompany = (roles: Iterable<string>): CompanyRole[] => {
  const set = new Set(roles);
  return COMPANY_ROLES.filter((role) => set.has(role));
};

/** The model's state at the start of a run: user 0 owns the company and is in the default team. */
function initialState(w: World): ModelState {
  const state: ModelState = { now: 0, owner: 0, hidden: [false, ...w.hidden.slice(1)], teams: {}, companyRoles: {}, contracts: [], invitations: [] };
  w.seats.forEach((seats, u) => {
    seats.forEach((roles, t) => {
      if (roles !== null || (u === 0 && t === 0)) (state.teams[u] ??= {})[t] = sortTeam(roles ?? []);
    });
    const roles = w.companyRoles[u] ?? [];
    if (u !== 0 && state.teams[u] !== undefined && roles.length > 0) state.companyRoles[u] = sortCompany(roles);
  });
  // §3.3 holds from the start: an open contract's contact person is made a hiring manager of its team.
  for (const c of w.contracts) {
    if (c.status !== 'ended' && !canBeContactPerson(state, c.contact, c.team)) {
      const teams = (state.teams[c.contact] ??= {});
      teams[c.team] = sortTeam([...(teams[c.team] ?? []), 'hiring_manager']);
    }
  }
  state.contracts = w.contracts;
  return state;
}

// ---------------------------------------------------------------------------------------------
// One run against the server

/** What the test compares after each step: the model's state, or the database's, in the model's terms. */
interface Observed {
  owner: number;
  hidden: boolean[];
  companyMembers: number[];
  teams: Record<number, Record<number, TeamRole[]>>;
  companyRoles: Record<number, CompanyRole[]>;
  contracts: { team: number; contact: number; status: string }[];
  invitations: { email: number; status: string; invitedBy: number; expiresAt: number }[];
}

/** The model's state as the test compares it: roles lists without empty company roles, invitations without links. */
function expected(state: ModelState): Observed {
  const companyRoles: Record<number, CompanyRole[]> = {};
  for (const [u, roles] of Object.entries(state.companyRoles)) if (roles.length > 0) companyRoles[Number(u)] = roles;
  return {
    owner: state.owner,
    hidden: state.hidden,
    companyMembers: Object.keys(state.teams).map(Number).sort(),
    teams: state.teams,
    companyRoles,
    contracts: state.contracts.map(({ team, contact, status }) => ({ team, contact, status })),
    invitations: state.invitations.map(({ email, status, invitedBy, expiresAt }) => ({ email, status, invitedBy, expiresAt })),
  };
}

class Run {
  readonly contractIds: string[] = [];
  readonly invitationIds: string[] = [];
  /** Per invitation, the token of every link mailed for it, the last one current. */
  readonly links: string[][] = [];
  private readonly seenMail = new Set<string>();

  private constructor(
    readonly companyId: string,
    readonly users: User[],
    readonly emails: string[],
    readonly teamIds: string[],
    readonly cookies: { cookie: string }[],
  ) {}

  /** Makes the world's company in the database, directly, as the factories do. */
  static async create(state: ModelState): Promise<Run> {
    const db = server.db;
    server.clock.now = new Date(START);
    const c = await makeCompany(server);
    const teamIds = [c.defaultTeamId, await c.team('Design'), await c.team('Ops')];
    const users = [c.owner];
    for (let u = 1; u < USERS; u++) users.push(await makeUser(db));
    const at = new Date(START);
    await db.write(async (tx) => {
      for (const [u, teams] of Object.entries(state.teams)) {
        const member = users[Number(u)]!;
        await ensureCompanyMember(tx, c.company.id, member, at);
        for (const [t, roles] of Object.entries(teams)) {
          // The owner is in the default team already, with no roles: the membership insert does nothing.
          await addTeamMembership(tx, { companyId: c.company.id, teamId: teamIds[Number(t)]!, userId: member.id }, roles, at);
        }
        await replaceCompanyRoles(tx, c.company.id, member.id, state.companyRoles[Number(u)] ?? []);
      }
      for (const [t, hidden] of state.hidden.entries()) {
        if (hidden) await tx.updateTable('teams').set({ hidden: 1 }).where('id', '=', teamIds[t]!).execute();
      }
    });
    const cookies = [];
    for (const member of users) cookies.push(await signedIn(db, member));
    const emails = [...users.map((member) => member.email), `nobody-${newId().toLowerCase()}@example.com`];
    const run = new Run(c.company.id, users, emails, teamIds, cookies);
    for (const contract of state.contracts) {
      const id = newId();
      await db.kysely
        .insertInto('contracts')
        .values({
          id,
          companyId: c.company.id,
          teamId: teamIds[contract.team]!,
          title: 'Logo design',
          freelancerName: 'Fay',
          status: contract.status,
          contactPersonId: users[contract.contact]!.id,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
        })
        .execute();
      run.contractIds.push(id);
    }
    return run;
  }

  private async request(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: number, payload?: object) {
    const response = await server.app.inject({
      method,
      url,
      headers: who === ANONYMOUS ? {} : this.cookies[who],
      ...(payload === undefined ? {} : { payload }),
    });
    const body: unknown = response.body === '' ? undefined : response.json();
    return { status: response.statusCode, body: body as Record<string, unknown> | undefined };
  }

  /** Sends the operation's request; returns the status and error code it got. */
  async perform(state: ModelState, op: Exclude<Operation, { kind: 'advanceClock' }>): Promise<{ status: number; code?: string }> {
    const company = `/api/v1/companies/${this.companyId}`;
    const userId = (u: number) => this.users[u]!.id;
    const teamId = (t: number) => this.teamIds[t]!;
    const contractId = (n: number) => {
      const k = pick(state.contracts.length, n);
      return k === null ? newId() : this.contractIds[k]!;
    };
    const invitation = (n: number) => pick(state.invitations.length, n);
    const link = (n: number, oldLink: boolean) => {
      const k = invitation(n);
      const links = k === null ? [] : this.links[k]!;
      return (oldLink && links.length > 1 ? links[0] : links.at(-1)) ?? newSecret();
    };

    let answer: Awaited<ReturnType<Run['request']>>;
    switch (op.kind) {
      case 'setTeamRoles':
        answer = await this.request('PUT', `${company}/members/${userId(op.target)}/teams/${teamId(op.team)}`, op.actor, { roles: op.roles });
        break;
      case 'removeFromTeam':
        answer = await this.request('DELETE', `${company}/members/${userId(op.target)}/teams/${teamId(op.team)}`, op.actor);
        break;
      // Nobody signed in: any member's address will do, the 401 comes first.
      case 'leaveTeam':
        answer = await this.request('DELETE', `${company}/members/${userId(Math.max(op.actor, 0))}/teams/${teamId(op.team)}`, op.actor);
        break;
      case 'removeFromCompany':
        answer = await this.request('DELETE', `${company}/members/${userId(op.target)}`, op.actor);
        break;
      case 'leaveCompany':
        answer = await this.request('DELETE', `${company}/members/${userId(Math.max(op.actor, 0))}`, op.actor);
        break;
      case 'setCompanyRoles':
        answer = await this.request('PUT', `${company}/members/${userId(op.target)}/company-roles`, op.actor, { roles: op.roles });
        break;
      case 'createContract':
        answer = await this.request('POST', `${company}/contracts`, op.actor, {
          teamId: teamId(op.team),
          title: 'Landing page',
          freelancerName: 'Frida',
          ...(op.contact === null ? {} : { contactPersonId: userId(op.contact) }),
        });
        if (answer.status === 201) this.contractIds.push((answer.body?.contract as { id: string }).id);
        break;
      case 'updateContract':
        answer = await this.request('PATCH', `${company}/contracts/${contractId(op.contract)}`, op.actor, {
          ...(op.team === null ? {} : { teamId: teamId(op.team) }),
          ...(op.contact === null ? {} : { contactPersonId: userId(op.contact) }),
        });
        break;
      case 'setContractStatus':
        answer = await this.request('PATCH', `${company}/contracts/${contractId(op.contract)}`, op.actor, { status: op.status });
        break;
      case 'invite':
        answer = await this.request('POST', `${company}/invitations`, op.actor, {
          emails: [this.emails[op.email]!],
          teams: op.teams.map((grant) => ({ teamId: teamId(grant.team), roles: grant.roles })),
          ...(op.companyRoles.length === 0 ? {} : { companyRoles: op.companyRoles }),
        });
        if (answer.status === 201) {
          this.invitationIds.push((answer.body?.items as { id: string }[])[0]!.id);
          this.links.push([await this.newLink(this.emails[op.email]!)]);
        }
        break;
      case 'accept':
        answer = await this.request('POST', `/api/v1/invitations/${link(op.invitation, op.oldLink)}/accept`, op.actor);
        break;
      case 'decline':
        answer = await this.request('POST', `/api/v1/invitations/${link(op.invitation, false)}/decline`, op.actor);
        break;
      case 'revoke': {
        const k = invitation(op.invitation);
        answer = await this.request('DELETE', `${company}/invitations/${k === null ? newId() : this.invitationIds[k]!}`, op.actor);
        break;
      }
      case 'resend': {
        const k = invitation(op.invitation);
        answer = await this.request('POST', `${company}/invitations/${k === null ? newId() : this.invitationIds[k]!}/resend`, op.actor);
        if (answer.status === 200 && k !== null) this.links[k]!.push(await this.newLink(this.emails[state.invitations[k]!.email]!));
        break;
      }
      case 'setTeamHidden':
        answer = await this.request('PATCH', `${company}/teams/${teamId(op.team)}`, op.actor, { hidden: op.hidden });
        break;
      case 'transferOwnership':
        answer = await this.request('POST', `${company}/ownership`, op.actor, { userId: userId(op.target), password: TEST_PASSWORD });
        break;
    }
    const code = answer.status >= 400 ? (answer.body?.code as string | undefined) : undefined;
    return code === undefined ? { status: answer.status } : { status: answer.status, code };
  }

  /** The token of the one invitation mail to this address queued since the last look. */
  private async newLink(email: string): Promise<string> {
    const rows = await server.db.kysely
      .selectFrom('outbox')
      .select(['id', 'bodyText'])
      .where('toAddress', '=', email)
      .where('kind', '=', 'invitation')
      .execute();
    const fresh = rows.filter((row) => !this.seenMail.has(row.id));
    expect(fresh, `one new invitation mail to ${email}`).toHaveLength(1);
    this.seenMail.add(fresh[0]!.id);
    const line = openBody(server.config.secretKey, fresh[0]!.id, fresh[0]!.bodyText).split('\n').find((text) => text.includes('/invitations/'));
    return line?.trim().split('/invitations/')[1] ?? '';
  }

  async auditCount(): Promise<number> {
    const { count } = await server.db.kysely
      .selectFrom('auditEvents')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('companyId', '=', this.companyId)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /** The database's state of the company, in the model's numbers. */
  async observe(): Promise<Observed> {
    const db = server.db.kysely;
    const u = (id: string) => this.users.findIndex((member) => member.id === id);
    const t = (id: string) => this.teamIds.indexOf(id);
    const company = await db.selectFrom('companies').select('ownerId').where('id', '=', this.companyId).executeTakeFirstOrThrow();
    const teams = await db.selectFrom('teams').select(['id', 'hidden']).where('companyId', '=', this.companyId).execute();
    const members = await db.selectFrom('companyMembers').select('userId').where('companyId', '=', this.companyId).execute();
    const seats = await db.selectFrom('teamMembers').select(['teamId', 'userId']).where('companyId', '=', this.companyId).execute();
    const seatRoles = await db
      .selectFrom('teamMemberRoles')
      .select(['teamId', 'userId', 'role'])
      .where('companyId', '=', this.companyId)
      .execute();
    const companyRoleRows = await db
      .selectFrom('companyMemberRoles')
      .select(['userId', 'role'])
      .where('companyId', '=', this.companyId)
      .execute();
    const contracts = await db
      .selectFrom('contracts')
      .select(['id', 'teamId', 'contactPersonId', 'status'])
      .where('companyId', '=', this.companyId)
      .execute();
    const invitations = await db
      .selectFrom('invitations')
      .select(['id', 'email', 'status', 'invitedBy', 'expiresAt'])
      .where('companyId', '=', this.companyId)
      .execute();

    const observed: Observed = {
      owner: u(company.ownerId),
      hidden: this.teamIds.map((id) => teams.find((row) => row.id === id)?.hidden === 1),
      companyMembers: members.map((row) => u(row.userId)).sort(),
      teams: {},
      companyRoles: {},
      contracts: [],
      invitations: [],
    };
    for (const seat of seats) (observed.teams[u(seat.userId)] ??= {})[t(seat.teamId)] = [];
    for (const row of seatRoles) {
      const roles = observed.teams[u(row.userId)]?.[t(row.teamId)];
      if (roles && isTeamRole(row.role)) roles.push(row.role);
      else throw new Error(`a role without its team membership: ${JSON.stringify(row)}`);
    }
    for (const teamsOf of Object.values(observed.teams)) {
      for (const [team, roles] of Object.entries(teamsOf)) teamsOf[Number(team)] = sortTeam(roles);
    }
    for (const row of companyRoleRows) if (isCompanyRole(row.role)) (observed.companyRoles[u(row.userId)] ??= []).push(row.role);
    for (const [member, roles] of Object.entries(observed.companyRoles)) observed.companyRoles[Number(member)] = sortCompany(roles);
    expect(contracts.map((row) => row.id).sort(), 'the contracts made').toEqual([...this.contractIds].sort());
    observed.contracts = this.contractIds.map((id) => {
      const row = contracts.find((contract) => contract.id === id)!;
      return { team: t(row.teamId), contact: u(row.contactPersonId), status: row.status };
    });
    expect(invitations.map((row) => row.id).sort(), 'the invitations made').toEqual([...this.invitationIds].sort());
    observed.invitations = this.invitationIds.map((id) => {
      const row = invitations.find((invitation) => invitation.id === id)!;
      return {
        email: this.emails.indexOf(row.email),
        status: row.status,
        invitedBy: u(row.invitedBy),
        expiresAt: (Date.parse(row.expiresAt) - START) / HOUR_MS,
      };
    });
    return observed;
  }
}

/** How often each operation got each answer, printed when `ROSTER_PROPERTY_STATS` is set. */
const tally = new Map<string, number>();

/** Runs one sequence; throws at the first answer or state that differs from the model's. */
async function check(w: World, ops: Operation[]): Promise<void> {
  let state = initialState(w);
  const run = await Run.create(state);
  expect(await run.observe(), 'the initial state').toEqual(expected(state));
  const log: string[] = [];
  for (const generated of ops) {
    const op = resolve(state, generated);
    const { outcome, state: next } = step(state, op);
    log.push(`${log.length + 1}. ${JSON.stringify(op)} → ${outcome ? `${outcome.status} ${outcome.code ?? ''}` : 'ok'}`);
    const where = `after\n${log.join('\n')}\n`;
    if (outcome === null) {
      server.clock.now = new Date(START + next.now * HOUR_MS);
    } else {
      const key = `${op.kind} ${outcome.status} ${outcome.code ?? ''}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      const auditBefore = await run.auditCount();
      const answer = await run.perform(state, op as Exclude<Operation, { kind: 'advanceClock' }>);
      expect(answer, `the answer ${where}`).toEqual(outcome.code === undefined ? { status: outcome.status } : { status: outcome.status, code: outcome.code });
      expect((await run.auditCount()) - auditBefore, `audit events written ${where}`).toBe(outcome.audited ? 1 : 0);
    }
    state = next;
    expect(invariantViolations(state), `the model's invariants ${where}`).toEqual([]);
    expect(await run.observe(), `the state ${where}`).toEqual(expected(state));
  }
}

it(
  'random operations by random actors answer and change exactly what the model of the rules says',
  async () => {
    const details = await fc.check(
      fc.asyncProperty(
        world,
        openingInvitations,
        fc.array(operation, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
        (w, opening, ops) => check(w, [...opening, ...ops]),
      ),
      {
        // A fixed number of runs, never cut short by a time limit: a run the clock stopped would pass
        // untested. Any counterexample fails the test, shrunk as far as fast-check takes it.
        numRuns: RUNS,
        ...(process.env.ROSTER_PROPERTY_SEED === undefined ? {} : { seed: Number(process.env.ROSTER_PROPERTY_SEED) }),
        ...(process.env.ROSTER_PROPERTY_PATH === undefined ? {} : { path: process.env.ROSTER_PROPERTY_PATH }),
      },
    );
    if (process.env.ROSTER_PROPERTY_STATS !== undefined) {
      const requests = [...tally.values()].reduce((sum, count) => sum + count, 0);
      const lines = [...tally].sort().map(([key, count]) => `${String(count).padStart(5)} ${key}`);
      console.log(`${details.numRuns} runs, ${requests} requests\n${lines.join('\n')}`);
    }
    if (details.failed) {
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${fc.defaultReportMessage(details)}\n\n${cause}`);
    }
    // Every run ran (a replayed path runs its one case).
    expect(details.interrupted).toBe(false);
    if (process.env.ROSTER_PROPERTY_PATH === undefined) expect(details.numRuns).toBe(RUNS);
  },
  150_000,
);
