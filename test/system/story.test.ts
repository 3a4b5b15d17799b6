import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';

/**
 * The README's tour as one scenario over HTTP: an owner invites coworkers, they join from the
 * links in their mail, roles are adjusted, a contact person is protected until their contract is
 * reassigned, then removed from a team and from the company.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

type Session = Record<string, string>;

async function call(session: Session, method: InjectOptions['method'], url: string, payload?: object) {
  const res = await server.app.inject({ method, url, payload, headers: session });
  return { status: res.statusCode, body: res.body ? res.json() : null };
}

function sessionOf(res: { headers: Record<string, unknown> }): Session {
  return { cookie: String(res.headers['set-cookie']).split(';')[0]! };
}

async function signUp(email: string, name: string, invitationToken?: string) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { email, name, password: 'a long password', ...(invitationToken ? { invitationToken } : {}) },
  });
  expect(res.statusCode).toBe(201);
  return { session: sessionOf(res), user: res.json().user as { id: string; emailVerified: boolean } };
}

/** The accept link's token from the newest invitation mail to this address, as a person would click it. */
async function acceptLinkFor(email: string): Promise<string> {
  await server.deliverMail();
  const mail = server.mailTo(email).findLast((message) => message.text.includes('/invitations/'));
  expect(mail, `an invitation mail to ${email}`).toBeDefined();
  return linkToken(mail!, 'invitations');
}

describe('the story of one company', () => {
  it('invites, accepts, adjusts roles, protects a contact person, and removes', async () => {
    // Olivia signs up and creates Acme, with a Design team beside the default one.
    const olivia = await signUp('olivia@acme.test', 'Olivia');
    const company = (await call(olivia.session, 'POST', '/api/v1/companies', { name: 'Acme' })).body.company;
    const base = `/api/v1/companies/${company.id}`;
    const design = (await call(olivia.session, 'POST', `${base}/teams`, { name: 'Design' })).body.team;

    // She invites three coworkers into Design at once, once she has verified her email.
    const invitation = {
      emails: ['alice@acme.test', 'bob@acme.test', 'carol@acme.test'],
      teams: [{ teamId: design.id, roles: ['hiring_manager'] }],
      message: 'Welcome to the design team!',
    };
    const unverified = await call(olivia.session, 'POST', `${base}/invitations`, invitation);
    expect(unverified).toMatchObject({ status: 403, body: { code: 'EMAIL_NOT_VERIFIED' } });
    await server.deliverMail();
    const verification = linkToken(server.mailTo('olivia@acme.test').at(-1)!, 'verify-email');
    expect((await call(olivia.session, 'POST', '/api/v1/auth/verify-email', { token: verification })).status).toBe(200);
    const invited = await call(olivia.session, 'POST', `${base}/invitations`, invitation);
    expect(invited.status).toBe(201);
    expect(invited.body.items).toHaveLength(3);

    // Anyone can preview a link without signing in.
    const aliceToken = await acceptLinkFor('alice@acme.test');
    const preview = await call({}, 'GET', `/api/v1/invitations/${aliceToken}`);
    expect(preview.body).toMatchObject({ companyName: 'Acme', inviterName: 'Olivia', email: 'alice@acme.test', status: 'pending' });

    // Alice signs up from her link: her email is verified and she joins in the same step.
    const alice = await signUp('alice@acme.test', 'Alice', aliceToken);
    expect(alice.user.emailVerified).toBe(true);
    // Bob already has an account: he accepts while signed in.
    const bob = await signUp('bob@acme.test', 'Bob');
    const accepted = await call(bob.session, 'POST', `/api/v1/invitations/${await acceptLinkFor('bob@acme.test')}/accept`);
    expect(accepted.status).toBe(200);
    // Carol declines.
    expect((await call({}, 'POST', `/api/v1/invitations/${await acceptLinkFor('carol@acme.test')}/decline`)).status).toBe(204);

    const members = (await call(olivia.session, 'GET', `${base}/members`)).body.items as { name: string }[];
    expect(members.map((member) => member.name)).toEqual(['Alice', 'Bob', 'Olivia']);

    // Olivia makes Alice the team admin of Design, and adds Bob to the default team too.
    const promoted = await call(olivia.session, 'PUT', `${base}/members/${alice.user.id}/teams/${design.id}`, {
      roles: ['team_admin', 'hiring_manager'],
    });
    expect(promoted.status).toBe(200);
    expect((await call(olivia.session, 'PUT', `${base}/members/${bob.user.id}/teams/${company.defaultTeamId}`, { roles: [] })).status).toBe(200);

    // Bob hires a freelancer in Design: he is the contract's contact person.
    const contract = (
      await call(bob.session, 'POST', `${base}/contracts`, { teamId: design.id, title: 'Logo refresh', freelancerName: 'Fay' })
    ).body.contract;
    expect(contract.contactPersonId).toBe(bob.user.id);

    // Alice, team admin of Design, may not remove Bob from Design while he is the contact person.
    const refused = await call(alice.session, 'DELETE', `${base}/members/${bob.user.id}/teams/${design.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    expect(refused.body.contracts).toEqual([{ id: contract.id, title: 'Logo refresh', teamId: design.id }]);

    // She reassigns the contract to herself (a hiring manager of Design), then removes Bob from Design.
    const reassigned = await call(alice.session, 'PATCH', `${base}/contracts/${contract.id}`, { contactPersonId: alice.user.id });
    expect(reassigned.status).toBe(200);
    const removed = await call(alice.session, 'DELETE', `${base}/members/${bob.user.id}/teams/${design.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.leftCompany).toBe(false);

    // Olivia removes Bob from the company; his next request there is answered 404.
    expect((await call(olivia.session, 'DELETE', `${base}/members/${bob.user.id}`)).status).toBe(204);
    expect((await call(bob.session, 'GET', base)).status).toBe(404);

    // The audit log tells the story, newest first.
    const log = (await call(olivia.session, 'GET', `${base}/audit-events?limit=200`)).body.items as { type: string }[];
    expect(log.map((event) => event.type).reverse()).toEqual([
      'company.created',
      'team.created',
      'invitation.created',
      'invitation.accepted',
      'invitation.accepted',
      'invitation.declined',
      'member.roles_changed',
      'member.added_to_team',
      'contract.created',
      'contract.contact_person_changed',
      'member.removed_from_team',
      'member.removed_from_company',
    ]);
  });
});
