import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { PermissionCheck } from '../../src/queries/permissions.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, snapshot } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Tenant = Awaited<ReturnType<typeof makeCompany>>;

async function apiTokenFor(tenant: Tenant): Promise<string> {
  const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/api-tokens`), tenant.owner, { name: 'Job board' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ token: string }>().token;
}

/** The permission check asked with `token` (none: no Authorization header). */
function check(companyId: string, token: string | null, checks: unknown) {
  return () =>
    server.app.inject({
      method: 'POST',
      url: api(`/companies/${companyId}/permissions/check`),
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      payload: { checks },
    });
}

async function answers(companyId: string, token: string, checks: unknown): Promise<{ allowed: boolean; reason?: string }[]> {
  const res = await check(companyId, token, checks)();
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ results: { allowed: boolean; reason?: string }[] }>().results;
}

describe('company API tokens', () => {
  it('the owner and an admin make them, shown once and kept as a hash, list them without the secret, and revoke them: the check answers 401 from then on', async () => {
    const tenant = await makeCompany(server);
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const url = api(`/companies/${tenant.company.id}/api-tokens`);
    const made = await call(server, 'POST', url, admin, { name: '  Job board  ' });
    expect(made.statusCode, made.body).toBe(201);
    const { token, apiToken } = made.json<{ token: string; apiToken: { id: string; name: string; createdBy: string } }>();
    expect(token).toMatch(/^rco_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Job board', createdBy: admin.id });
    const row = await server.db.kysely.selectFrom('companyApiTokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(await snapshot(server.db))).not.toContain(token);

    const listed = await call(server, 'GET', url, tenant.owner);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(listed.json<{ items: { id: string; revokedAt: null }[] }>().items).toMatchObject([{ id: apiToken.id, revokedAt: null }]);

    const question = [{ userId: tenant.owner.id, action: 'job.post', teamId: tenant.company.defaultTeamId }];
    expect(await answers(tenant.company.id, token, question)).toEqual([{ allowed: true }]);
    expect((await call(server, 'DELETE', `${url}/${apiToken.id}`, tenant.owner)).statusCode).toBe(204);
    await expectRefused(server.db, check(tenant.company.id, token, question), 401, 'UNAUTHENTICATED');
    const events = await server.db.kysely.selectFrom('auditEvents').select(['type', 'actorId', 'targetId']).where('companyId', '=', tenant.company.id).orderBy('seq').execute();
    expect(events.slice(-2)).toEqual([
      { type: 'company_api_token.created', actorId: admin.id, targetId: apiToken.id },
      { type: 'company_api_token.revoked', actorId: tenant.owner.id, targetId: apiToken.id },
    ]);
  });

  it('is refused to a team admin (403) and a non-member (404), and another company’s token is not found there; nothing changes', async () => {
    const tenant = await makeCompany(server);
    const teamAdmin = await tenant.member({ teams: { [tenant.company.defaultTeamId]: ['team_admin'] } });
    const outsider = await makeUser(server.db);
    const url = api(`/companies/${tenant.company.id}/api-tokens`);
    await expectRefused(server.db, await request(server, 'POST', url, teamAdmin, { name: 'x' }), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', url, teamAdmin), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'POST', url, outsider, { name: 'x' }), 404, 'NOT_FOUND');
    await apiTokenFor(tenant);
    const id = (await call(server, 'GET', url, tenant.owner)).json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    await expectRefused(server.db, await request(server, 'DELETE', `${url}/${id}`, teamAdmin), 403, 'FORBIDDEN');
    const other = await makeCompany(server);
    await expectRefused(server.db, await request(server, 'DELETE', api(`/companies/${other.company.id}/api-tokens/${id}`), other.owner), 404, 'NOT_FOUND');
  });
});

describe('the permission check', () => {
  it('answers each question from the roles table, in order: team roles in their team only, company roles everywhere', async () => {
    const tenant = await makeCompany(server);
    const design = await tenant.team('Design');
    const sales = await tenant.team('Sales');
    const hiringManager = await tenant.member({ teams: { [design]: ['hiring_manager'] } });
    const recruiter = await tenant.member({ teams: { [design]: ['recruiter'], [sales]: [] } });
    const diary = await tenant.member({ teams: { [sales]: ['work_diary'] } });
    const finance = await tenant.member({ companyRoles: ['finance'] });
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const token = await apiTokenFor(tenant);
    const before = await snapshot(server.db);
    const results = await answers(tenant.company.id, token, [
      { userId: hiringManager.id, action: 'job.post', teamId: design },
      { userId: hiringManager.id, action: 'job.post', teamId: sales },
      { userId: hiringManager.id, action: 'freelancer.hire', teamId: design },
      { userId: hiringManager.id, action: 'job.post' },
      { userId: recruiter.id, action: 'proposal.review', teamId: design },
      { userId: recruiter.id, action: 'freelancer.hire', teamId: design },
      { userId: recruiter.id, action: 'job.post', teamId: sales },
      { userId: diary.id, action: 'workDiary.view', teamId: sales },
      { userId: diary.id, action: 'workDiary.view', teamId: design },
      { userId: finance.id, action: 'payment.manage' },
      { userId: finance.id, action: 'financialReport.view', teamId: design },
      { userId: finance.id, action: 'job.post', teamId: design },
      { userId: admin.id, action: 'freelancer.hire', teamId: sales },
      { userId: admin.id, action: 'payment.manage' },
      { userId: tenant.owner.id, action: 'payment.manage' },
      { userId: admin.id, action: 'member.removeFromCompany', teamId: design },
    ]);
    expect(results.map(({ allowed }) => allowed)).toEqual([true, false, true, true, true, false, false, true, false, true, true, false, true, false, true, true]);
    expect(results[1]).toEqual({ allowed: false, reason: 'not_allowed' });
    // A question changes nothing: no last use written again within the minute, no event.
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('answers no, with the reason, for whom Roster itself would refuse: not a member, suspended, covered by the two-factor rule without it, a team of another company', async () => {
    const tenant = await makeCompany(server);
    const other = await makeCompany(server);
    const leaving = await tenant.member({ teams: { [tenant.company.defaultTeamId]: ['hiring_manager'] } });
    const suspended = await tenant.member({ teams: { [tenant.company.defaultTeamId]: ['hiring_manager'] } });
    const admin = await tenant.member({ companyRoles: ['admin'] });
    const token = await apiTokenFor(tenant);
    expect((await call(server, 'POST', api(`/companies/${tenant.company.id}/members/${suspended.id}/suspend`), tenant.owner)).statusCode).toBe(200);
    const stranger = await makeUser(server.db);
    const questions = [
      { userId: stranger.id, action: 'job.post', teamId: tenant.company.defaultTeamId },
      { userId: other.owner.id, action: 'job.post' },
      { userId: suspended.id, action: 'job.post', teamId: tenant.company.defaultTeamId },
      { userId: leaving.id, action: 'job.post', teamId: other.company.defaultTeamId },
      { userId: admin.id, action: 'job.post', teamId: tenant.company.defaultTeamId },
    ];
    expect(await answers(tenant.company.id, token, questions)).toEqual([
      { allowed: false, reason: 'not_a_member' },
      { allowed: false, reason: 'not_a_member' },
      { allowed: false, reason: 'suspended' },
      { allowed: false, reason: 'unknown_team' },
      { allowed: true },
    ]);
    // The rule for admins covers the admin, who has no two-factor: no until they turn it on.
    await server.db.kysely.updateTable('companies').set({ twoFactorRule: 'admins' }).where('id', '=', tenant.company.id).execute();
    expect((await answers(tenant.company.id, token, questions))[4]).toEqual({ allowed: false, reason: 'two_factor_required' });
    await server.db.kysely.insertInto('twoFactor').values({ userId: admin.id, secret: 'x', enabledAt: new Date().toISOString(), lastStep: null, createdAt: new Date().toISOString() }).execute();
    expect((await answers(tenant.company.id, token, questions))[4]).toEqual({ allowed: true });
  });

  it('reads the roles afresh: a demotion answers no at once, a promotion yes', async () => {
    const tenant = await makeCompany(server);
    const person = await tenant.member({ teams: { [tenant.company.defaultTeamId]: ['hiring_manager'] } });
    const token = await apiTokenFor(tenant);
    const question = [{ userId: person.id, action: 'freelancer.hire', teamId: tenant.company.defaultTeamId }];
    expect(await answers(tenant.company.id, token, question)).toEqual([{ allowed: true }]);
    const roles = api(`/companies/${tenant.company.id}/members/${person.id}/teams/${tenant.company.defaultTeamId}`);
    expect((await call(server, 'PUT', roles, tenant.owner, { roles: ['recruiter'] })).statusCode).toBe(200);
    expect(await answers(tenant.company.id, token, question)).toEqual([{ allowed: false, reason: 'not_allowed' }]);
    expect((await call(server, 'PUT', roles, tenant.owner, { roles: ['hiring_manager'] })).statusCode).toBe(200);
    expect(await answers(tenant.company.id, token, question)).toEqual([{ allowed: true }]);
  });

  it('takes only a live company API token of that company: none, a person’s session or API token, a SCIM token, a revoked or unknown one are 401; another company’s is 404', async () => {
    const tenant = await makeCompany(server);
    const other = await makeCompany(server);
    const question = [{ userId: tenant.owner.id, action: 'job.post' }];
    const personal = (await call(server, 'POST', api('/me/tokens'), tenant.owner, { name: 'script' })).json<{ token: string }>().token;
    const scim = (await call(server, 'POST', api(`/companies/${tenant.company.id}/scim-tokens`), tenant.owner, { name: 'IdP' })).json<{ token: string }>().token;
    for (const token of [null, personal, scim, 'rco_unknown']) await expectRefused(server.db, check(tenant.company.id, token, question), 401, 'UNAUTHENTICATED');
    await expectRefused(server.db, await request(server, 'POST', api(`/companies/${tenant.company.id}/permissions/check`), tenant.owner, { checks: question }), 401, 'UNAUTHENTICATED');
    await expectRefused(server.db, check(tenant.company.id, await apiTokenFor(other), question), 404, 'NOT_FOUND');
    // And a company API token opens nothing else: not SCIM, not a person's routes.
    const token = await apiTokenFor(tenant);
    expect((await server.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'GET', url: api('/me'), headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('refuses a malformed call with 400: no questions, more than 1,000, an action not in the roles table, an unknown field', async () => {
    const tenant = await makeCompany(server);
    const token = await apiTokenFor(tenant);
    const one = { userId: tenant.owner.id, action: 'job.post' };
    for (const checks of [[], Array.from({ length: 1001 }, () => one), [{ ...one, action: 'job.delete' }], [{ ...one, extra: 1 }]]) {
      await expectRefused(server.db, check(tenant.company.id, token, checks), 400, 'VALIDATION_FAILED');
    }
    expect(await answers(tenant.company.id, token, Array.from({ length: 1000 }, () => one))).toHaveLength(1000);
  });
});

describe('the permission check’s reading of the roles (PermissionCheck)', () => {
  it('answers rightly across companies when it keeps the roles of one person only, and after any change of the company', async () => {
    const first = await makeCompany(server);
    const second = await makeCompany(server);
    const a = await first.member({ teams: { [first.company.defaultTeamId]: ['recruiter'] } });
    const b = await second.member({ teams: { [second.company.defaultTeamId]: ['work_diary'] } });
    const check = new PermissionCheck(1);
    const ask = (tenant: Tenant, userId: string, action: 'job.post' | 'workDiary.view') =>
      check.answer(server.db, tenant.company.id, [{ userId, action, teamId: tenant.company.defaultTeamId }]);
    for (let round = 0; round < 2; round++) {
      expect(await ask(first, a.id, 'job.post')).toEqual([{ allowed: true }]);
      expect(await ask(second, b.id, 'workDiary.view')).toEqual([{ allowed: true }]);
      expect(await ask(second, a.id, 'job.post')).toEqual([{ allowed: false, reason: 'not_a_member' }]);
    }
    // Removed straight in the database, by no command: the company's revision moves all the same.
    await server.db.kysely.deleteFrom('teamMemberRoles').where('userId', '=', a.id).execute();
    expect(await ask(first, a.id, 'job.post')).toEqual([{ allowed: false, reason: 'not_allowed' }]);
    await expect(check.answer(server.db, 'no-such-company', [{ userId: a.id, action: 'job.post' }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
