import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode } from '../../src/auth/totp.js';
import { createTeam } from '../../src/commands/create-team.js';
import { setTwoFactorRule } from '../../src/commands/set-two-factor-rule.js';
import { sealTotpSecret } from '../../src/commands/two-factor-shared.js';
import type { User } from '../../src/db/schema.js';
import { DomainError } from '../../src/domain/errors.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, TEST_PASSWORD } from '../support/factories.js';
import { call, expectRefused, request } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Two-factor on for the user, as enrolment leaves it. */
async function turnOnTwoFactor(user: User): Promise<void> {
  await server.db.kysely
    .insertInto('twoFactor')
    .values({ userId: user.id, secret: sealTotpSecret(server.config.secretKey, user.id, newTotpSecret()), createdAt: new Date().toISOString(), enabledAt: new Date().toISOString(), lastStep: null })
    .execute();
}

/** A company with an owner (two-factor on), an admin, a finance admin, a team admin and a plain member, none of them with two-factor. */
async function company() {
  const acme = await makeCompany(server);
  const design = await acme.team('Design');
  await turnOnTwoFactor(acme.owner);
  return {
    ...acme,
    design,
    admin: await acme.member({ companyRoles: ['admin'] }),
    finance: await acme.member({ companyRoles: ['finance'] }),
    teamAdmin: await acme.member({ teams: { [design]: ['team_admin'] } }),
    plain: await acme.member({ teams: { [design]: ['recruiter'] } }),
  };
}
type Acme = Awaited<ReturnType<typeof company>>;

const ruleUrl = (acme: Acme) => `/api/v1/companies/${acme.company.id}/two-factor-rule`;
const setRule = (acme: Acme, rule: string, as: User = acme.owner) => call(server, 'PUT', ruleUrl(acme), as, { rule });

describe('PUT /companies/:companyId/two-factor-rule', () => {
  it('is the owner’s, audited with the rule before and after; the same rule again records nothing', async () => {
    const acme = await company();
    await expectRefused(server.db, await request(server, 'PUT', ruleUrl(acme), acme.admin, { rule: 'admins' }), 403, 'FORBIDDEN');
    const res = await setRule(acme, 'admins');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().company.twoFactorRule).toBe('admins');
    expect((await call(server, 'GET', `/api/v1/companies/${acme.company.id}`, acme.owner)).json()).toMatchObject({
      company: { twoFactorRule: 'admins' },
      can: { 'company.setTwoFactorRule': true },
    });
    const events = await server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', acme.company.id).where('type', '=', 'company.two_factor_rule_changed').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: acme.owner.id, targetId: null, teamId: null });
    expect(JSON.parse(events[0]!.data)).toEqual({ before: { rule: 'none' }, after: { rule: 'admins' } });
    expect((await setRule(acme, 'admins')).statusCode).toBe(200);
    expect(await server.db.kysely.selectFrom('auditEvents').select('id').where('companyId', '=', acme.company.id).where('type', '=', 'company.two_factor_rule_changed').execute()).toHaveLength(1);
  });

  it('is refused to an owner without two-factor, for any rule but none; an unknown rule is 400', async () => {
    const acme = await makeCompany(server);
    const url = `/api/v1/companies/${acme.company.id}/two-factor-rule`;
    for (const rule of ['admins', 'everyone']) {
      const refused = await expectRefused(server.db, await request(server, 'PUT', url, acme.owner, { rule }), 403, 'TWO_FACTOR_REQUIRED');
      expect(refused.json().enrol).toBe('/account/two-factor');
    }
    await expectRefused(server.db, await request(server, 'PUT', url, acme.owner, { rule: 'some' }), 400, 'VALIDATION_FAILED');
  });
});

describe('the rule on the company’s routes', () => {
  it('`admins` stops the calls of admins, finance admins and team admins without two-factor, and no one else’s; their own account still answers', async () => {
    const acme = await company();
    const base = `/api/v1/companies/${acme.company.id}`;
    // Remembered before the rule (the members list keeps pages per viewer): the rule is not skipped for it.
    expect((await call(server, 'GET', `${base}/members`, acme.admin)).statusCode).toBe(200);
    expect((await setRule(acme, 'admins')).statusCode).toBe(200);

    for (const covered of [acme.admin, acme.finance, acme.teamAdmin]) {
      for (const [method, url, body] of [
        ['GET', base, undefined],
        ['GET', `${base}/members`, undefined],
        ['GET', `${base}/members/${acme.plain.id}`, undefined],
        ['GET', `${base}/teams`, undefined],
        ['GET', `${base}/contracts`, undefined],
        ['GET', `${base}/invitations`, undefined],
        ['GET', `${base}/audit-events`, undefined],
        ['POST', `${base}/teams`, { name: 'Sales' }],
        ['DELETE', `${base}/members/${acme.plain.id}`, undefined],
        ['DELETE', `${base}/members/${covered.id}`, undefined],
      ] as const) {
        const refused = await expectRefused(server.db, await request(server, method, url, covered, body), 403, 'TWO_FACTOR_REQUIRED');
        expect(refused.json()).toMatchObject({ companyId: acme.company.id, enrol: '/account/two-factor' });
      }
      expect((await call(server, 'GET', '/api/v1/me', covered)).statusCode).toBe(200);
      expect((await call(server, 'GET', '/api/v1/me/two-factor', covered)).statusCode).toBe(200);
    }
    expect((await call(server, 'GET', `${base}/members`, acme.plain)).statusCode).toBe(200);
    expect((await call(server, 'GET', `${base}/members`, acme.owner)).statusCode).toBe(200);

    await turnOnTwoFactor(acme.admin);
    expect((await call(server, 'GET', `${base}/members`, acme.admin)).statusCode).toBe(200);
    expect((await call(server, 'POST', `${base}/teams`, acme.admin, { name: 'Sales' })).statusCode).toBe(201);
  });

  it('`everyone` stops every member without two-factor; `none` lets them all through again', async () => {
    const acme = await company();
    const base = `/api/v1/companies/${acme.company.id}`;
    expect((await setRule(acme, 'everyone')).statusCode).toBe(200);
    await expectRefused(server.db, await request(server, 'GET', `${base}/members`, acme.plain), 403, 'TWO_FACTOR_REQUIRED');
    await expectRefused(server.db, await request(server, 'GET', `${base}/teams`, acme.plain), 403, 'TWO_FACTOR_REQUIRED');
    expect((await call(server, 'GET', `${base}/members`, acme.owner)).statusCode).toBe(200);
    expect((await setRule(acme, 'none')).statusCode).toBe(200);
    expect((await call(server, 'GET', `${base}/members`, acme.plain)).statusCode).toBe(200);
    expect((await call(server, 'GET', `${base}/members`, acme.admin)).statusCode).toBe(200);
  });
});

describe('the members list', () => {
  it('shows the owner and admins which admins lack two-factor, and tells others nothing; it follows an enrolment at once', async () => {
    const acme = await company();
    const list = async (viewer: User) => {
      const res = await call(server, 'GET', `/api/v1/companies/${acme.company.id}/members`, viewer);
      expect(res.statusCode, res.body).toBe(200);
      return new Map(res.json<{ items: { userId: string; lacksTwoFactor?: boolean }[] }>().items.map((item) => [item.userId, item.lacksTwoFactor]));
    };
    const seen = await list(acme.owner);
    expect(Object.fromEntries([acme.owner, acme.admin, acme.finance, acme.teamAdmin, acme.plain].map((user) => [user.name, seen.get(user.id)]))).toEqual({
      [acme.owner.name]: false,
      [acme.admin.name]: true,
      [acme.finance.name]: true,
      [acme.teamAdmin.name]: true,
      [acme.plain.name]: false,
    });
    expect((await list(acme.admin)).get(acme.finance.id)).toBe(true);
    expect([...(await list(acme.plain)).values()].every((value) => value === undefined)).toBe(true);
    expect([...(await list(acme.teamAdmin)).values()].every((value) => value === undefined)).toBe(true);

    // Through the route, as enrolment does it: the remembered page is not shown again.
    const cookie = { cookie: String((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: acme.finance.email, password: TEST_PASSWORD } })).headers['set-cookie']).split(';')[0]! };
    const { secret } = (await server.app.inject({ method: 'POST', url: '/api/v1/me/two-factor', headers: cookie })).json<{ secret: string }>();
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/me/two-factor/enable', headers: cookie, payload: { code: totpCode(secret, server.clock.now) } })).statusCode).toBe(200);
    expect((await list(acme.owner)).get(acme.finance.id)).toBe(false);
  });
});

describe('the rule changing while a covered admin acts', () => {
  it('either lets the admin’s change commit before the rule, or refuses it after; never after the rule', async () => {
    const acme = await company();
    const outcomes = { before: 0, refused: 0 };
    for (let round = 0; round < 12; round++) {
      await setTwoFactorRule(server.as(acme.owner.id), acme.company.id, 'none');
      const [ruled, acted] = await Promise.allSettled([
        setTwoFactorRule(server.as(acme.owner.id), acme.company.id, 'admins'),
        createTeam(server.as(acme.admin.id), acme.company.id, { name: `Round ${round}` }),
      ]);
      expect(ruled.status).toBe('fulfilled');
      const events = await server.db.kysely
        .selectFrom('auditEvents')
        .select(['seq', 'type', 'data'])
        .where('companyId', '=', acme.company.id)
        .where((eb) => eb.or([eb('type', '=', 'team.created'), eb('type', '=', 'company.two_factor_rule_changed')]))
        .orderBy('seq', 'desc')
        .limit(2)
        .execute();
      if (acted.status === 'fulfilled') {
        // The team was made first: the rule's change is the later event.
        expect(events.map((event) => event.type)).toEqual(['company.two_factor_rule_changed', 'team.created']);
        outcomes.before++;
      } else {
        expect(acted.reason).toBeInstanceOf(DomainError);
        expect((acted.reason as DomainError).code).toBe('TWO_FACTOR_REQUIRED');
        expect(await server.db.kysely.selectFrom('teams').select('id').where('companyId', '=', acme.company.id).where('name', '=', `Round ${round}`).execute()).toEqual([]);
        outcomes.refused++;
      }
    }
    expect(outcomes.before + outcomes.refused).toBe(12);
  });
});
