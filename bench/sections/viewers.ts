import { join } from 'node:path';
import type { CommandContext } from '../../src/commands/context.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { loadConfig } from '../../src/config.js';
import type { TeamRole } from '../../src/domain/roles.js';
import type { Db } from '../../src/db/database.js';
import { membersListJson } from '../../src/http/routes/members.js';
import { MembersPages, type MemberListFilters } from '../../src/queries/members.js';
import { createBenchDatabase, settle } from '../lib/database.js';
import { generate, type Fixture } from '../lib/generate.js';
import { runSchedule, type LoadResult, type ScheduledRequest } from '../lib/load.js';
import { progress } from '../lib/output.js';
import { browserHeaders, sessionCookie, startRoster } from '../lib/roster-server.js';
import type { BenchSettings } from '../settings.js';

/**
 * The remembered members page under many viewers: company admins each opening a few pages (the
 * list, a member, back to the list, its second page, their team's members), one visit after
 * another in a seeded random order of admins, with a change of team roles after every
 * `readsPerWrite` reads. A page is remembered per viewer and query, so only a viewer's own
 * repeats at one revision find it.
 */
export interface ViewerMix {
  viewers: number;
  readsPerWrite: number;
}

export interface ViewerFigure extends ViewerMix {
  /** Pages found and built, the schedule replayed in-process through `MembersPages`, one request after another. */
  found: number;
  built: number;
  /** Over HTTP: `roster serve` remembering pages (32 MB), and with RESPONSE_CACHE_MB=0. */
  remembering: LoadResult;
  rebuilding: LoadResult;
}

export interface ViewerFigures {
  members: number;
  connections: number;
  figures: ViewerFigure[];
}

const MIXES: ViewerMix[] = [
  { viewers: 50, readsPerWrite: 10 },
  { viewers: 200, readsPerWrite: 10 },
  { viewers: 200, readsPerWrite: 100 },
  { viewers: 200, readsPerWrite: 1_000 },
];

/** How many members the writes go round. */
const TOGGLED = 200;

/** mulberry32, as the generator: the same schedule every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Viewer {
  userId: string;
  cookie: string;
  teamId: string;
}

/** A request of the schedule, also as the in-process replay runs it. */
type Planned = ScheduledRequest & ({ kind: 'list'; viewer: Viewer; filters: MemberListFilters } | { kind: 'details' } | { kind: 'write'; userId: string; teamId: string; roles: TeamRole[] });

export function schedule(fixture: Fixture, viewers: Viewer[], mix: ViewerMix, ownerCookie: string, secondPage: string, length: number): Planned[] {
  const random = seededRandom(mix.viewers * 7919 + mix.readsPerWrite);
  const base = `/api/v1/companies/${fixture.companyId}/members`;
  const toggled = fixture.plainMembers.slice(0, TOGGLED);
  const steps: Planned[] = [];
  let reads = 0;
  let writes = 0;
  const list = (viewer: Viewer, filters: MemberListFilters): Planned => {
    const query = new URLSearchParams(Object.entries(filters).map(([key, value]): [string, string] => [key, String(value)]));
    return { kind: 'list', viewer, filters, method: 'GET', path: `${base}?${query.toString()}`, cookie: viewer.cookie };
  };
  while (steps.length < length) {
    const viewer = viewers[Math.floor(random() * mix.viewers)] ?? viewers[0];
    if (viewer === undefined) throw new Error('no viewers');
    const member = fixture.contactPersonIds[Math.floor(random() * fixture.contactPersonIds.length)] ?? fixture.ownerId;
    const visit: Planned[] = [
      list(viewer, { limit: 50 }),
      { kind: 'details', method: 'GET', path: `${base}/${member}`, cookie: viewer.cookie },
      list(viewer, { limit: 50 }),
      list(viewer, { limit: 50, cursor: secondPage }),
      list(viewer, { limit: 50, teamId: viewer.teamId }),
    ];
    for (const read of visit) {
      steps.push(read);
      if (++reads % mix.readsPerWrite === 0) {
        const target = toggled[writes % toggled.length];
        if (target === undefined) throw new Error('no members to toggle');
        const roles: TeamRole[] = Math.floor(writes / toggled.length) % 2 === 0 ? ['recruiter', 'work_diary'] : ['recruiter'];
        writes++;
        const path = `${base}/${target.userId}/teams/${target.departmentTeamId}`;
        steps.push({ kind: 'write', userId: target.userId, teamId: target.departmentTeamId, roles, method: 'PUT', path, cookie: ownerCookie, body: JSON.stringify({ roles }) });
      }
    }
  }
  return steps;
}

/**
 * Gives the members the writes toggle the roles the second set of the toggle names, so that every
 * write of a schedule changes something (a write that sets the roles a member holds changes no row
 * and so no revision). Run before each replay and each HTTP run.
 */
async function resetToggled(owner: CommandContext, fixture: Fixture): Promise<void> {
  for (const { userId, departmentTeamId } of fixture.plainMembers.slice(0, TOGGLED)) {
    await setTeamRoles(owner, fixture.companyId, { userId, teamId: departmentTeamId, roles: ['recruiter'] });
  }
}

/** The schedule run in-process, one request after another: how many list reads found their page. */
async function replay(db: Db, owner: CommandContext, fixture: Fixture, steps: Planned[]): Promise<{ found: number; built: number }> {
  const companyId = fixture.companyId;
  await resetToggled(owner, fixture);
  const pages = new MembersPages(32 * 1024 * 1024, membersListJson);
  for (const step of steps) {
    if (step.kind === 'list') await pages.read(db, step.viewer.userId, companyId, step.filters, 'gzip');
    else if (step.kind === 'write') await setTeamRoles(owner, companyId, { userId: step.userId, teamId: step.teamId, roles: step.roles });
  }
  return { ...pages.counts };
}

/** The members page as many company admins read it, with the cache and without. */
export async function runViewers(settings: BenchSettings): Promise<ViewerFigures> {
  const { data, connections, durationSeconds, warmupSeconds } = settings.http;
  const database = await createBenchDatabase(settings, 'viewers');
  try {
    progress(`viewers: generating a company of ${data.members} members`);
    const db = database.open();
    const figures: ViewerFigure[] = [];
    let fixture: Fixture;
    let ownerCookie: string;
    let viewers: Viewer[];
    let plans: Planned[][];
    let owner: CommandContext;
    try {
      fixture = await generate(db, data);
      // Company admins: the last of the plain members (at full scale none of those whose roles the writes toggle).
      const chosen = fixture.plainMembers.slice(-Math.max(...MIXES.map((mix) => mix.viewers)));
      await db.write(async (tx) => {
        await tx
          .insertInto('companyMemberRoles')
          .values(chosen.map(({ userId }) => ({ companyId: fixture.companyId, userId, role: 'admin' })))
          .execute();
      });
      ownerCookie = await sessionCookie(db, fixture.ownerId);
      viewers = [];
      for (const { userId, departmentTeamId } of chosen) viewers.push({ userId, teamId: departmentTeamId, cookie: await sessionCookie(db, userId) });
      await settle(db);
      const first = await new MembersPages(0, membersListJson).read(db, fixture.ownerId, fixture.companyId, { limit: 50 }, 'identity');
      const { nextCursor } = JSON.parse(String(first.bytes)) as { nextCursor: string | null };
      if (nextCursor === null) throw new Error('the company has one page of members');
      const length = 60_000;
      const config = loadConfig({ RATE_LIMITS: 'off', BASE_URL: 'http://roster.bench', DATABASE_URL: database.url, MAIL_URL: `file:${join(database.dir, 'mail')}` });
      owner = { db, settings: config, actorId: fixture.ownerId, now: () => new Date(), requestId: 'bench' };
      plans = MIXES.map((mix) => schedule(fixture, viewers, mix, ownerCookie, nextCursor, length));
      for (const [index, mix] of MIXES.entries()) {
        progress(`viewers: ${mix.viewers} admins, a write every ${mix.readsPerWrite} reads, replayed in-process`);
        const counts = await replay(db, owner, fixture, (plans[index] ?? []).slice(0, 5_000));
        figures.push({ ...mix, ...counts, remembering: undefined as never, rebuilding: undefined as never });
      }
    } finally {
      await db.close();
    }
    for (const [label, cacheMb] of [['remembering', 32], ['rebuilding', 0]] as const) {
      const server = await startRoster(database, cacheMb);
      try {
        for (const [index, mix] of MIXES.entries()) {
          const steps = (plans[index] ?? []).map(({ method, path, cookie, body }) => ({ method, path, cookie, ...(body === undefined ? {} : { body }) }));
          const spec = { url: server.url, connections, headers: browserHeaders(''), steps };
          const check = await fetch(`${server.url}${steps[0]?.path ?? '/'}`, { headers: { cookie: steps[0]?.cookie ?? '' } });
          if (!check.ok) throw new Error(`the schedule's first request answered ${check.status}`);
          if (index === 0) await runSchedule({ ...spec, durationSeconds: warmupSeconds }, database.dir);
          const handle = database.open();
          try {
            await resetToggled({ ...owner, db: handle }, fixture);
          } finally {
            await handle.close();
          }
          progress(`viewers: ${mix.viewers} admins, a write every ${mix.readsPerWrite} reads, ${label}, ${connections} connections, ${durationSeconds} s`);
          const result = await runSchedule({ ...spec, durationSeconds }, database.dir);
          const figure = figures[index];
          if (figure) figure[label] = result;
        }
      } finally {
        await server.stop();
      }
    }
    return { members: data.members, connections, figures };
  } finally {
    await database.drop();
  }
}
