import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeFromCompany } from '../../src/commands/remove-from-company.js';
import { removeFromTeam } from '../../src/commands/remove-from-team.js';
import { setCompanyRoles } from '../../src/commands/set-company-roles.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { transferOwnership } from '../../src/commands/transfer-ownership.js';
import { updateTeam } from '../../src/commands/update-team.js';
import type { User } from '../../src/db/schema.js';
import { buildApp, type App } from '../../src/http/app.js';
import { listMembers } from '../../src/queries/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn, TEST_PASSWORD } from '../support/factories.js';

// The members list is remembered per process under the company's membership revision
// (`MembersPages`, src/queries/members.ts). These tests read it through two apps on one database — two
// processes, each with its own memory — and change the company in every way the page shows.
let server: TestServer;
let other: App;
beforeAll(async () => {
  server = await startTestServer();
  other = await buildApp(server.services, { logger: false });
  await other.ready();
});
afterAll(async () => {
  await other.close();
  await server.close();
});

async function page(app: App, viewer: User, companyId: string, query = ''): Promise<unknown> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/companies/${companyId}/members${query}`, headers: await signedIn(server.db, viewer) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the remembered members page', () => {
  it('shows every change at once, in this process and in another', async () => {
    const c = await makeCompany(server);
    const design = await c.team('Design');
    const ops = await c.team('Ops');
    const ann = await c.member({ teams: { [design]: [] } }, { name: 'Ann' });
    const ben = await c.member({ teams: { [design]: ['hiring_manager'], [ops]: [] } }, { name: 'Ben' });
    const owner = server.as(c.owner.id);
    const companyId = c.company.id;

    const changes: [string, () => Promise<unknown>][] = [
      ['a team role granted', () => setTeamRoles(owner, companyId, { userId: ann.id, teamId: design, roles: ['recruiter'] })],
      ['added to a team', () => setTeamRoles(owner, companyId, { userId: ann.id, teamId: ops, roles: [] })],
      ['a company role granted', () => setCompanyRoles(owner, companyId, { userId: ben.id, roles: ['admin'] })],
      ['a team renamed', () => updateTeam(owner, companyId, design, { name: 'Product Design' })],
      ['removed from a team', () => removeFromTeam(owner, companyId, { userId: ben.id, teamId: ops })],
      ['a new member', () => c.member({ teams: { [ops]: [] } }, { name: 'Cem' })],
      ['the company handed to another owner', () => transferOwnership(owner, companyId, { userId: ben.id, password: TEST_PASSWORD })],
      ['removed from the company', () => removeFromCompany(server.as(ben.id), companyId, { userId: ann.id })],
    ];

    const viewers = [c.owner, ben];
    const queries = ['', `?teamId=${ops}`, '?role=admin', '?q=an'];
    const shown = async (app: App) => {
      const pages: unknown[] = [];
      for (const viewer of viewers) for (const query of queries) pages.push(await page(app, viewer, companyId, query));
      return pages;
    };
    // What the database holds now, read without the HTTP layer and its memory.
    const fresh = async () => {
      const pages: unknown[] = [];
      for (const viewer of viewers) {
        for (const query of queries) {
          const params = new URLSearchParams(query);
          const filters = { limit: 50, ...Object.fromEntries(params) };
          pages.push(JSON.parse(JSON.stringify(await listMembers(server.db, viewer.id, companyId, filters))));
        }
      }
      return pages;
    };

    // A viewer's first sign-in of the day is a change the owner sees (their last active day): made before the pages are compared.
    await shown(server.app);
    let before = await shown(server.app);
    expect(await shown(other)).toEqual(before);
    for (const [change, run] of changes) {
      await run();
      const expected = await fresh();
      expect(expected, `${change} changes the page`).not.toEqual(before);
      expect(await shown(server.app), change).toEqual(expected);
      expect(await shown(other), `${change}, in the other process`).toEqual(expected);
      before = expected;
    }
  });

  it('is not another viewer\'s page: emails stay with those who may see them (§2.5)', async () => {
    const c = await makeCompany(server);
    const design = await c.team('Design');
    const admin = await c.member({ teams: { [design]: ['team_admin'] } }, { name: 'Ada Admin' });
    const plain = await c.member({ teams: { [design]: [] } }, { name: 'Pat Plain' });
    const emailsSeenBy = async (viewer: User) => {
      const { items } = (await page(server.app, viewer, c.company.id)) as { items: { email?: string }[] };
      return items.filter((item) => item.email !== undefined).length;
    };
    expect(await emailsSeenBy(admin)).toBe(2); // theirs and Pat's, who is in their team
    expect(await emailsSeenBy(plain)).toBe(1); // their own
    expect(await emailsSeenBy(admin)).toBe(2); // theirs and Pat's, who is in their team
  });

  it('answers 304 Not Modified to a client holding the same page, and the new page after a change', async () => {
    const c = await makeCompany(server);
    const ann = await c.member({}, { name: 'Ann' });
    const url = `/api/v1/companies/${c.company.id}/members`;
    const owner = await signedIn(server.db, c.owner);
    const first = await server.app.inject({ method: 'GET', url, headers: owner });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const again = await server.app.inject({ method: 'GET', url, headers: { ...owner, 'if-none-match': `"other", W/${String(etag)}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another process, which has not served the page yet, knows the same bytes by the same tag.
    expect((await other.inject({ method: 'GET', url, headers: { ...owner, 'if-none-match': String(etag) } })).statusCode).toBe(304);
    // Another viewer's page is other bytes (emails they may not see): their own tag, not a 304.
    const annSees = await server.app.inject({ method: 'GET', url, headers: { ...(await signedIn(server.db, ann)), 'if-none-match': String(etag) } });
    expect(annSees.statusCode).toBe(200);

    await setCompanyRoles(server.as(c.owner.id), c.company.id, { userId: ann.id, roles: ['finance'] });
    const changed = await server.app.inject({ method: 'GET', url, headers: { ...owner, 'if-none-match': String(etag) } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json()).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ userId: ann.id, companyRoles: ['finance'] })]) });
  });

  it('sends the page gzipped to a client that accepts gzip, under its own tag, and the new page after a change', async () => {
    const c = await makeCompany(server);
    const ann = await c.member({}, { name: 'Ann' });
    const url = `/api/v1/companies/${c.company.id}/members`;
    const owner = await signedIn(server.db, c.owner);
    const browser = { ...owner, 'accept-encoding': 'gzip, deflate, br, zstd' };
    const plain = await server.app.inject({ method: 'GET', url, headers: owner });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');

    for (const app of [server.app, other]) {
      const gzipped = await app.inject({ method: 'GET', url, headers: browser });
      expect(gzipped.statusCode).toBe(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(gzipped.headers.vary).toBe('Accept-Encoding');
      expect(Number(gzipped.headers['content-length'])).toBe(gzipped.rawPayload.length);
      expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString())).toEqual(plain.json());
      expect(gzipped.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-gzip"`);
    }
    // Each tag names its own bytes: a gzip client holding the gzipped page gets 304, holding the plain one gets the page.
    const gzipTag = `${String(plain.headers.etag).slice(0, -1)}-gzip"`;
    expect((await server.app.inject({ method: 'GET', url, headers: { ...browser, 'if-none-match': gzipTag } })).statusCode).toBe(304);
    expect((await server.app.inject({ method: 'GET', url, headers: { ...browser, 'if-none-match': String(plain.headers.etag) } })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url, headers: { ...owner, 'if-none-match': gzipTag } })).statusCode).toBe(200);
    // A client that refuses gzip, or names only what Roster does not send, gets the page as it is.
    for (const refusing of ['gzip;q=0', 'identity', 'br', '']) {
      const res = await server.app.inject({ method: 'GET', url, headers: { ...owner, 'accept-encoding': refusing } });
      expect(res.headers['content-encoding'], refusing).toBeUndefined();
      expect(res.json()).toEqual(plain.json());
    }

    await setCompanyRoles(server.as(c.owner.id), c.company.id, { userId: ann.id, roles: ['finance'] });
    for (const app of [server.app, other]) {
      const changed = await app.inject({ method: 'GET', url, headers: { ...browser, 'if-none-match': gzipTag } });
      expect(changed.statusCode).toBe(200);
      expect(JSON.parse(gunzipSync(changed.rawPayload).toString())).toMatchObject({
        items: expect.arrayContaining([expect.objectContaining({ userId: ann.id, companyRoles: ['finance'] })]),
      });
    }
  });

  it('answers a member who has just been removed with 404, not the page they saw', async () => {
    const c = await makeCompany(server);
    const gone = await c.member({}, { name: 'Gone Soon' });
    const headers = await signedIn(server.db, gone);
    const url = `/api/v1/companies/${c.company.id}/members`;
    expect((await server.app.inject({ method: 'GET', url, headers })).statusCode).toBe(200);
    await removeFromCompany(server.as(c.owner.id), c.company.id, { userId: gone.id });
    const after = await server.app.inject({ method: 'GET', url, headers });
    expect(after.statusCode).toBe(404);
    expect(after.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a removed member with 404 even when the revision their page was remembered under comes back', async () => {
    // A revision is a random value: one may repeat (once in 2^32 changes), or a restore may take
    // the company back to it. Membership is still checked on every request; only the roles ride on
    // the revision.
    const c = await makeCompany(server);
    const gone = await c.member({}, { name: 'Gone Soon' });
    const headers = await signedIn(server.db, gone);
    const url = `/api/v1/companies/${c.company.id}/members`;
    const revision = async () =>
      (await server.db.kysely.selectFrom('companies').select('membershipRevision').where('id', '=', c.company.id).executeTakeFirstOrThrow())
        .membershipRevision;
    const seen = await revision();
    expect((await server.app.inject({ method: 'GET', url, headers })).statusCode).toBe(200);
    expect((await other.inject({ method: 'GET', url, headers })).statusCode).toBe(200);

    await removeFromCompany(server.as(c.owner.id), c.company.id, { userId: gone.id });
    await server.db.kysely.updateTable('companies').set({ membershipRevision: seen }).where('id', '=', c.company.id).execute();
    expect(await revision()).toBe(seen);
    for (const app of [server.app, other]) {
      const after = await app.inject({ method: 'GET', url, headers });
      expect(after.statusCode).toBe(404);
      expect(after.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
