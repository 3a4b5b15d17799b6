import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { declineInvitation } from '../../src/commands/decline-invitation.js';
import { inviteMembers, type InviteMembersInput } from '../../src/commands/invite-members.js';
import { resendInvitations } from '../../src/commands/resend-invitations.js';
import { revokeInvitations } from '../../src/commands/revoke-invitations.js';
import { updateInvitation } from '../../src/commands/update-invitation.js';
import { openBody } from '../../src/mail/outbox.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser } from '../support/factories.js';
import { expectCommandRefused } from '../support/refusals.js';

const START = new Date('2026-01-05T10:00:00.000Z');
const HOUR = 3_600_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ INVITATIONS_PER_COMPANY_PER_DAY: '5' });
});
afterAll(() => server.close());
afterEach(() => {
  server.clock.now = new Date(START);
});

let counter = 0;
const freshEmail = () => `cmd-${(counter++).toString(36)}-${Date.now().toString(36)}@example.com`;



const row = (id: string) => server.db.kysely.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

function intoDefault(acme: Awaited<ReturnType<typeof makeCompany>>, emails: string[]): InviteMembersInput {
  return { emails, teams: [{ teamId: acme.defaultTeamId, roles: [] }] };
}

describe('inviteMembers', () => {
  it('lets exactly one of two simultaneous invitations for one email win (§3.4)', async () => {
    const acme = await makeCompany(server);
    const email = freshEmail();
    const outcomes = await Promise.allSettled([
      inviteMembers(server.as(acme.owner.id), acme.company.id, intoDefault(acme, [email])),
      inviteMembers(server.as(acme.owner.id), acme.company.id, intoDefault(acme, [email])),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [failed] = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: 'INVITATION_ALREADY_PENDING' });
    const pending = await server.db.kysely.selectFrom('invitations').select('id').where('companyId', '=', acme.company.id).execute();
    expect(pending).toHaveLength(1);
  });

  it('needs a signed-in actor', async () => {
    const acme = await makeCompany(server);
    await expectCommandRefused(server.db, () => inviteMembers(server.as(null), acme.company.id, intoDefault(acme, [freshEmail()])), 'UNAUTHENTICATED');
  });

  it('names the team in the audit event when there is one, and none for several', async () => {
    const acme = await makeCompany(server);
    const sales = await acme.team('Sales');
    await inviteMembers(server.as(acme.owner.id), acme.company.id, intoDefault(acme, [freshEmail()]));
    await inviteMembers(server.as(acme.owner.id), acme.company.id, {
      emails: [freshEmail()],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }, { teamId: sales, roles: [] }],
    });
    const events = await server.db.kysely
      .selectFrom('auditEvents')
      .select(['teamId', 'targetId'])
      .where('companyId', '=', acme.company.id)
      .where('type', '=', 'invitation.created')
      .orderBy('seq')
      .execute();
    expect(events.map((event) => event.teamId)).toEqual([acme.defaultTeamId, null]);
  });

  it('says when to retry: when enough invitations leave the 24-hour window, or a day for a request over the limit', async () => {
    const acme = await makeCompany(server);
    const ctx = server.as(acme.owner.id);
    await inviteMembers(ctx, acme.company.id, intoDefault(acme, [freshEmail(), freshEmail()]));
    server.clock.now = new Date(START.getTime() + 5 * HOUR);
    await inviteMembers(ctx, acme.company.id, intoDefault(acme, [freshEmail(), freshEmail()]));
    server.clock.now = new Date(START.getTime() + 6 * HOUR);
    // 4 of 5 used: 3 more need the 2 made at START to leave the window, at 24 h: 18 h from now.
    const over = await expectCommandRefused(server.db, () => inviteMembers(ctx, acme.company.id, intoDefault(acme, [freshEmail(), freshEmail(), freshEmail()])), 'RATE_LIMITED');
    expect(over.extra.retryAfterSeconds).toBe(18 * 3600);
    const never = await expectCommandRefused(server.db, () => 
      inviteMembers(ctx, acme.company.id, intoDefault(acme, Array.from({ length: 6 }, () => freshEmail()))),
      'RATE_LIMITED',
    );
    expect(never.extra.retryAfterSeconds).toBe(24 * 3600);
    // What still fits passes.
    await inviteMembers(ctx, acme.company.id, intoDefault(acme, [freshEmail()]));
  });
});

describe('resendInvitations', () => {
  it('refuses two invitations for one email in one request: both would be pending', async () => {
    const acme = await makeCompany(server);
    const ctx = server.as(acme.owner.id);
    const email = freshEmail();
    const [first] = await inviteMembers(ctx, acme.company.id, intoDefault(acme, [email]));
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    const [second] = await inviteMembers(ctx, acme.company.id, intoDefault(acme, [email]));
    server.clock.now = new Date(START.getTime() + 340 * HOUR);
    await expectCommandRefused(server.db, () => resendInvitations(ctx, acme.company.id, [first!.invitation.id, second!.invitation.id]), 'INVITATION_ALREADY_PENDING');
  });

  it('marks another pending invitation past expiry for the email as expired, and makes this one pending', async () => {
    const acme = await makeCompany(server);
    const ctx = server.as(acme.owner.id);
    const email = freshEmail();
    const [first] = await inviteMembers(ctx, acme.company.id, intoDefault(acme, [email]));
    server.clock.now = new Date(START.getTime() + 170 * HOUR);
    const [second] = await inviteMembers(ctx, acme.company.id, intoDefault(acme, [email]));
    expect((await row(first!.invitation.id)).status).toBe('expired');
    server.clock.now = new Date(START.getTime() + 340 * HOUR);
    const [resent] = await resendInvitations(ctx, acme.company.id, [first!.invitation.id]);
    expect(resent!.invitation.status).toBe('pending');
    expect((await row(second!.invitation.id)).status).toBe('expired');
  });

  it('refuses, all or nothing, when the actor may not manage one of them', async () => {
    const acme = await makeCompany(server);
    const sales = await acme.team('Sales');
    const salesAdmin = await acme.member({ teams: { [sales]: ['team_admin'] } });
    const [ours] = await inviteMembers(server.as(acme.owner.id), acme.company.id, {
      emails: [freshEmail()],
      teams: [{ teamId: sales, roles: [] }],
    });
    const [theirs] = await inviteMembers(server.as(acme.owner.id), acme.company.id, intoDefault(acme, [freshEmail()]));
    await expectCommandRefused(server.db, () => resendInvitations(server.as(salesAdmin.id), acme.company.id, [ours!.invitation.id, theirs!.invitation.id]), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => revokeInvitations(server.as(salesAdmin.id), acme.company.id, [ours!.invitation.id, theirs!.invitation.id]), 'FORBIDDEN');
    await revokeInvitations(server.as(salesAdmin.id), acme.company.id, [ours!.invitation.id]);
    expect((await row(ours!.invitation.id)).status).toBe('revoked');
  });
});

describe('updateInvitation', () => {
  it('keeps the link: the token hash and the expiry do not change', async () => {
    const acme = await makeCompany(server);
    const ctx = server.as(acme.owner.id);
    const [created] = await inviteMembers(ctx, acme.company.id, intoDefault(acme, [freshEmail()]));
    const before = await row(created!.invitation.id);
    await updateInvitation(ctx, acme.company.id, created!.invitation.id, { companyRoles: ['finance'] });
    const after = await row(created!.invitation.id);
    expect(after).toMatchObject({ tokenHash: before.tokenHash, expiresAt: before.expiresAt, companyRoles: '["finance"]' });
  });
});

describe('declineInvitation', () => {
  it('lets the holder of the link decline while signed in as someone else: the link proves the mailbox', async () => {
    const acme = await makeCompany(server);
    const email = freshEmail();
    const [created] = await inviteMembers(server.as(acme.owner.id), acme.company.id, intoDefault(acme, [email]));
    const mail = await server.db.kysely.selectFrom('outbox').select(['id', 'bodyText']).where('toAddress', '=', email).executeTakeFirstOrThrow();
    const token = /\/invitations\/(\S+)/.exec(openBody(server.config.secretKey, mail.id, mail.bodyText))![1]!;
    const someone = await makeUser(server.db);
    await declineInvitation(server.as(someone.id), token);
    expect((await row(created!.invitation.id)).status).toBe('declined');
    await expectCommandRefused(server.db, () => declineInvitation(server.as(null), token), 'INVITATION_NOT_PENDING');
  });
});
