import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyRole, TeamRole } from '../../src/domain/roles.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn, snapshot } from '../support/factories.js';
import { call, expectProblem } from '../support/refusals.js';

// The daily limit per company is small here, so that a list can pass it (§4 "Limits").
const COMPANY_LIMIT = 12;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ INVITATIONS_PER_COMPANY_PER_DAY: String(COMPANY_LIMIT), INVITATIONS_PER_USER_PER_DAY: '100000' });
});
afterAll(() => server.close());

let counter = 0;
const freshEmail = (name = 'row') => `${name}-${(counter++).toString(36)}-${Date.now().toString(36)}@example.com`;

interface Row {
  email: string;
  teams: { teamId: string; roles: TeamRole[] }[];
  companyRoles?: CompanyRole[];
}
interface RowAnswer {
  email: string;
  result: 'invited' | 'valid' | 'refused';
  invitation?: { id: string; email: string; teams: { teamId: string; roles: TeamRole[] }[]; companyRoles: CompanyRole[] };
  code?: string;
  detail?: string;
}

const batchUrl = (companyId: string) => `/api/v1/companies/${companyId}/invitations/batch`;

async function send(companyId: string, headers: Record<string, string>, body: { rows: Row[]; dryRun?: boolean; message?: string }) {
  const res = await call(server, 'POST', batchUrl(companyId), headers, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: RowAnswer[] }>().items;
}

const invitationsOf = (companyId: string) =>
  server.db.kysely.selectFrom('invitations').select(['id', 'email', 'status']).where('companyId', '=', companyId).execute();
const mailsTo = (email: string) => server.db.kysely.selectFrom('outbox').select('id').where('toAddress', '=', email).execute();

describe('POST /companies/:id/invitations/batch', () => {
  it('invites the rows that pass, each with its own teams and roles, and refuses the others each with its code', async () => {
    const acme = await makeCompany(server);
    const owner = await signedIn(server.db, acme.owner);
    const sales = await acme.team('Sales');
    const archive = await acme.team('Archive');
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', archive).execute();
    const other = await makeCompany(server, 'Other');
    const member = await acme.member();
    const alreadyInvited = freshEmail('pending');
    await send(acme.company.id, owner, { rows: [{ email: alreadyInvited, teams: [{ teamId: acme.defaultTeamId, roles: [] }] }] });
    const [ann, bob, twice] = [freshEmail('ann'), freshEmail('bob'), freshEmail('twice')];

    const items = await send(acme.company.id, owner, {
      rows: [
        { email: ann, teams: [{ teamId: sales, roles: ['hiring_manager', 'recruiter'] }], companyRoles: ['finance'] },
        { email: member.email, teams: [{ teamId: sales, roles: [] }] },
        { email: freshEmail(), teams: [{ teamId: archive, roles: [] }] },
        { email: freshEmail(), teams: [{ teamId: other.defaultTeamId, roles: [] }] },
        { email: alreadyInvited.toUpperCase(), teams: [{ teamId: sales, roles: [] }] },
        { email: twice, teams: [{ teamId: sales, roles: [] }] },
        { email: ` ${bob} `, teams: [{ teamId: acme.defaultTeamId, roles: ['team_admin'] }, { teamId: sales, roles: [] }] },
        { email: twice, teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
      ],
    });

    expect(items.map((item) => [item.email, item.result, item.code])).toEqual([
      [ann, 'invited', undefined],
      [member.email, 'refused', 'ALREADY_MEMBER'],
      [expect.any(String), 'refused', 'CONFLICT'],
      [expect.any(String), 'refused', 'NOT_FOUND'],
      [alreadyInvited, 'refused', 'INVITATION_ALREADY_PENDING'],
      [twice, 'refused', 'VALIDATION_FAILED'],
      [bob, 'invited', undefined],
      [twice, 'refused', 'VALIDATION_FAILED'],
    ]);
    expect(items[0]?.invitation).toMatchObject({ email: ann, teams: [{ teamId: sales, roles: ['hiring_manager', 'recruiter'] }], companyRoles: ['finance'] });
    expect(items[6]?.invitation?.teams).toHaveLength(2);
    expect(items[5]?.detail).toMatch(/rows 6, 8/);
    const invited = await invitationsOf(acme.company.id);
    expect(invited.map((row) => row.email).sort()).toEqual([alreadyInvited, ann, bob].sort());
    expect(await mailsTo(ann)).toHaveLength(1);
    expect(await mailsTo(twice)).toHaveLength(0);
    // One invitation.created event for each row invited (§3.6), naming it.
    const events = await server.db.kysely
      .selectFrom('auditEvents')
      .select(['targetId', 'teamId'])
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'invitation.created')
      .execute();
    expect(events).toHaveLength(3);
    expect(events.map((event) => event.targetId)).toEqual(expect.arrayContaining([items[0]?.invitation?.id, items[6]?.invitation?.id]));
  });

  it('applies §2.2 to each row: a recruiter invites plain members and recruiters of their team, nothing more', async () => {
    const acme = await makeCompany(server);
    const sales = await acme.team('Sales');
    const recruiter = await acme.member({ teams: { [sales]: ['recruiter'] } });
    const headers = await signedIn(server.db, recruiter);
    const items = await send(acme.company.id, headers, {
      rows: [
        { email: freshEmail(), teams: [{ teamId: sales, roles: ['recruiter'] }] },
        { email: freshEmail(), teams: [{ teamId: sales, roles: ['hiring_manager'] }] },
        { email: freshEmail(), teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
        { email: freshEmail(), teams: [{ teamId: sales, roles: [] }], companyRoles: ['admin'] },
        { email: freshEmail(), teams: [{ teamId: sales, roles: [] }] },
      ],
    });
    expect(items.map((item) => item.code ?? item.result)).toEqual(['invited', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'invited']);
  });

  it('checks every row in a dry run as the invitation would, the daily limits included, and changes nothing', async () => {
    const acme = await makeCompany(server);
    const owner = await signedIn(server.db, acme.owner);
    const member = await acme.member();
    const rows: Row[] = [
      { email: member.email, teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
      ...Array.from({ length: COMPANY_LIMIT + 2 }, (): Row => ({ email: freshEmail('limit'), teams: [{ teamId: acme.defaultTeamId, roles: [] }] })),
    ];
    const before = await snapshot(server.db);
    const checked = await send(acme.company.id, owner, { rows, dryRun: true });
    expect(await snapshot(server.db)).toEqual(before);
    const expected: string[] = ['ALREADY_MEMBER', ...Array.from({ length: COMPANY_LIMIT }, () => 'valid'), 'RATE_LIMITED', 'RATE_LIMITED'];
    expect(checked.map((item) => item.code ?? item.result)).toEqual(expected);

    // The invitation itself answers alike, with `invited` where the dry run said `valid`.
    const sent = await send(acme.company.id, owner, { rows });
    expect(sent.map((item) => item.code ?? item.result)).toEqual(expected.map((result) => (result === 'valid' ? 'invited' : result)));
    expect(await invitationsOf(acme.company.id)).toHaveLength(COMPANY_LIMIT);
  });

  it('writes a list longer than one transaction in order, every row with its mail', async () => {
    const acme = await makeCompany(server, 'Big');
    const unlimited = await startTestServer({ RATE_LIMITS: 'off' });
    try {
      const big = await makeCompany(unlimited, 'Big');
      const headers = await signedIn(unlimited.db, big.owner);
      const rows = Array.from({ length: 1000 }, (_, i) => ({ email: `big-${i}-${acme.company.id}@example.com`, teams: [{ teamId: big.defaultTeamId, roles: [] }] }));
      const res = await call(unlimited, 'POST', batchUrl(big.company.id), headers, { rows });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json<{ items: RowAnswer[] }>().items;
      expect(items.every((item, i) => item.result === 'invited' && item.email === rows[i]?.email)).toBe(true);
      const count = await unlimited.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('companyId', '=', big.company.id).executeTakeFirstOrThrow();
      expect(Number(String(count.n))).toBe(1000);
    } finally {
      await unlimited.close();
    }
  });

  it('refuses every row of a sender whose email is not verified (§4 "Limits")', async () => {
    const acme = await makeCompany(server);
    const admin = await acme.member({ companyRoles: ['admin'] });
    await server.db.kysely.updateTable('users').set({ emailVerified: 0 }).where('id', '=', admin.id).execute();
    const items = await send(acme.company.id, await signedIn(server.db, admin), {
      rows: [{ email: freshEmail(), teams: [{ teamId: acme.defaultTeamId, roles: [] }] }],
    });
    expect(items.map((item) => item.code)).toEqual(['EMAIL_NOT_VERIFIED']);
    expect(await invitationsOf(acme.company.id)).toHaveLength(0);
  });

  it('is NOT_FOUND for a non-member, and 400 for no rows, too many, or a malformed row; nothing changes', async () => {
    const acme = await makeCompany(server);
    const stranger = await signedIn(server.db, await makeUser(server.db));
    const owner = await signedIn(server.db, acme.owner);
    const row = { email: freshEmail(), teams: [{ teamId: acme.defaultTeamId, roles: [] }] };
    const before = await snapshot(server.db);
    expectProblem(await call(server, 'POST', batchUrl(acme.company.id), stranger, { rows: [row] }), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'POST', batchUrl(acme.company.id), owner, { rows: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(server, 'POST', batchUrl(acme.company.id), owner, { rows: Array(1001).fill(row) }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(server, 'POST', batchUrl(acme.company.id), owner, { rows: [{ ...row, teams: [] }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await call(server, 'POST', batchUrl(acme.company.id), owner, { rows: [{ ...row, email: 'nope' }] }), 400, 'VALIDATION_FAILED');
    const after = await snapshot(server.db);
    // Signing in made sessions; nothing else changed.
    expect({ ...after, sessions: [] }).toEqual({ ...before, sessions: [] });
  });
});
