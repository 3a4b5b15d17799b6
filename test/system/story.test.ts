import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, startTestServer, type TestServer } from '../support/app.js';
import { call } from '../support/refusals.js';

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
    const company = (await call(server, 'POST', '/api/v1/companies', olivia.session, { name: 'Acme' })).json().company;
    const base = `/api/v1/companies/${company.id}`;
    const design = (await call(server, 'POST', `${base}/teams`, olivia.session, { name: 'Design' })).json().team;

    // She invites three coworkers into Design at once, once she has verified her email.
    const invitation = {
      emails: ['alice@acme.test', 'bob@acme.test', 'carol@acme.test'],
      teams: [{ teamId: design.id, roles: ['hiring_manager'] }],
      message: 'Welcome to the design team!',
    };
    const unverified = await call(server, 'POST', `${base}/invitations`, olivia.session, invitation);
    expect(unverified.statusCode).toBe(403);
    expect(unverified.json()).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    await server.deliverMail();
    const verification = linkToken(server.mailTo('olivia@acme.test').at(-1)!, 'verify-email');
    expect((await call(server, 'POST', '/api/v1/auth/verify-email', olivia.session, { token: verification })).statusCode).toBe(200);
    const invited = await call(server, 'POST', `${base}/invitations`, olivia.session, invitation);
    expect(invited.statusCode).toBe(201);
    expect(invited.json().items).toHaveLength(3);

    // Anyone can preview a link without signing in.
    const aliceToken = await acceptLinkFor('alice@acme.test');
    const preview = await call(server, 'GET', `/api/v1/invitations/${aliceToken}`, {});
    expect(preview.json()).toMatchObject({ companyName: 'Acme', inviterName: 'Olivia', email: 'alice@acme.test', status: 'pending' });

    // Alice signs up from her link: her email is verified and she joins in the same step.
    const alice = await signUp('alice@acme.test', 'Alice', aliceToken);
    expect(alice.user.emailVerified).toBe(true);
    // Bob already has an account: he accepts while signed in.
    const bob = await signUp('bob@acme.test', 'Bob');
    const accepted = await call(server, 'POST', `/api/v1/invitations/${await acceptLinkFor('bob@acme.test')}/accept`, bob.session);
    expect(accepted.statusCode).toBe(200);
    // Carol declines.
    expect((await call(server, 'POST', `/api/v1/invitations/${await acceptLinkFor('carol@acme.test')}/decline`, {})).statusCode).toBe(204);

    const members = (await call(server, 'GET', `${base}/members`, olivia.session)).json().items as { name: string }[];
    expect(members.map((member) => member.name)).toEqual(['Alice', 'Bob', 'Olivia']);

    // Olivia makes Alice the team admin of Design, and adds Bob to the default team too.
    const promoted = await call(server, 'PUT', `${base}/members/${alice.user.id}/teams/${design.id}`, olivia.session, {
      roles: ['team_admin', 'hiring_manager'],
    });
    expect(promoted.statusCode).toBe(200);
    expect((await call(server, 'PUT', `${base}/members/${bob.user.id}/teams/${company.defaultTeamId}`, olivia.session, { roles: [] })).statusCode).toBe(200);

    // Bob hires a freelancer in Design: he is the contract's contact person.
    const contract = (
      await call(server, 'POST', `${base}/contracts`, bob.session, { teamId: design.id, title: 'Logo refresh', freelancerName: 'Fay' })
    ).json().contract;
    expect(contract.contactPersonId).toBe(bob.user.id);

    // Alice, team admin of Design, may not remove Bob from Design while he is the contact person.
    const refused = await call(server, 'DELETE', `${base}/members/${bob.user.id}/teams/${design.id}`, alice.session);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CONTACT_PERSON_ON_ACTIVE_CONTRACT');
    expect(refused.json().contracts).toEqual([{ id: contract.id, title: 'Logo refresh', teamId: design.id }]);

    // She reassigns the contract to herself (a hiring manager of Design), then removes Bob from Design.
    const reassigned = await call(server, 'PATCH', `${base}/contracts/${contract.id}`, alice.session, { contactPersonId: alice.user.id });
    expect(reassigned.statusCode).toBe(200);
    const removed = await call(server, 'DELETE', `${base}/members/${bob.user.id}/teams/${design.id}`, alice.session);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().leftCompany).toBe(false);

    // Olivia removes Bob from the company; his next request there is answered 404.
    expect((await call(server, 'DELETE', `${base}/members/${bob.user.id}`, olivia.session)).statusCode).toBe(204);
    expect((await call(server, 'GET', base, bob.session)).statusCode).toBe(404);

    // The audit log tells the story, newest first.
    const log = (await call(server, 'GET', `${base}/audit-events?limit=200`, olivia.session)).json().items as { type: string }[];
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
