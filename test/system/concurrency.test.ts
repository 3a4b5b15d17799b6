import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn } from '../support/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

const countBy = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('conflicting requests at the same moment, in one process', () => {
  it('accepts one invitation exactly once out of 16 simultaneous accepts', async () => {
    const acme = await makeCompany(server);
    const owner = await signedIn(server.db, acme.owner);
    const invited = await server.app.inject({
      method: 'POST',
      url: `/api/v1/companies/${acme.company.id}/invitations`,
      headers: owner,
      payload: { emails: ['race@example.com'], teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
    });
    expect(invited.statusCode).toBe(201);
    await server.deliverMail();
    const token = linkToken(server.mailTo('race@example.com').at(-1)!, 'invitations');
    const invitee = await signedIn(server.db, await makeUser(server.db, { email: 'race@example.com' }));

    const answers = await Promise.all(
      Array.from({ length: 16 }, () =>
        server.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: invitee }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(countBy(statuses)).toEqual({ 200: 1, 410: 15 });
    expect(answers.filter((a) => a.statusCode === 410).every((a) => a.json().code === 'INVITATION_NOT_PENDING')).toBe(true);
    const accepted = await server.db.kysely
      .selectFrom('auditEvents')
      .select('id')
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'invitation.accepted')
      .execute();
    expect(accepted).toHaveLength(1);
  });

  it('keeps exactly one pending invitation out of 20 simultaneous invitations of one email', async () => {
    const acme = await makeCompany(server);
    const owner = await signedIn(server.db, acme.owner);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.app.inject({
          method: 'POST',
          url: `/api/v1/companies/${acme.company.id}/invitations`,
          headers: owner,
          payload: { emails: ['Same@Example.com'], teams: [{ teamId: acme.defaultTeamId, roles: [] }] },
        }),
      ),
    );
    expect(countBy(answers.map((answer) => answer.statusCode))).toEqual({ 201: 1, 409: 19 });
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'INVITATION_ALREADY_PENDING')).toBe(true);
    const pending = await server.db.kysely
      .selectFrom('invitations')
      .select('id')
      .where('companyId', '=', acme.company.id)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
  });

  it('creates one account out of 5 simultaneous sign-ups of one email', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        server.app.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          payload: { email: 'twin@example.com', name: `Twin ${index}`, password: 'a long password' },
        }),
      ),
    );
    expect(countBy(answers.map((answer) => answer.statusCode))).toEqual({ 201: 1, 409: 4 });
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'EMAIL_TAKEN')).toBe(true);
  });
});
