import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from '../../src/auth/secrets.js';
import { lockCompany } from '../../src/db/database.js';
import { reinstateMember, reinstateMembership } from '../../src/commands/reinstate-member.js';
import { removeFromCompany } from '../../src/commands/remove-from-company.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { suspendMember, suspendMembership } from '../../src/commands/suspend-member.js';
import { createTeam } from '../../src/commands/create-team.js';
import { createContract } from '../../src/commands/create-contract.js';
import { updateContract } from '../../src/commands/update-contract.js';
import { requireMember } from '../../src/model/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, snapshot } from '../support/factories.js';
import { expectCommandRefused } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function makeContract(companyId: string, teamId: string, contactPersonId: string) {
  const id = newId();
  const now = new Date().toISOString();
  await server.db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: `Contract ${id.slice(0, 6)}`, freelancerName: 'Fay', status: 'active', contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

async function makeInvitation(companyId: string, invitedBy: string) {
  const id = newId();
  const now = new Date();
  await server.db.kysely
    .insertInto('invitations')
    .values({
      id, companyId, email: `invitee-${id}@example.com`, status: 'pending', tokenHash: hashSecret(newSecret()), invitedBy,
      message: null, companyRoles: '[]', createdAt: now.toISOString(), updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), respondedAt: null,
    })
    .execute();
  return id;
}

const memberRows = (companyId: string, userId: string) =>
  Promise.all([
    server.db.kysely.selectFrom('teamMembers').select(['teamId']).where('companyId', '=', companyId).where('userId', '=', userId).orderBy('teamId').execute(),
    server.db.kysely.selectFrom('teamMemberRoles').select(['teamId', 'role']).where('companyId', '=', companyId).where('userId', '=', userId).orderBy('teamId').orderBy('role').execute(),
    server.db.kysely.selectFrom('companyMemberRoles').select(['role']).where('companyId', '=', companyId).where('userId', '=', userId).orderBy('role').execute(),
    server.db.kysely.selectFrom('contracts').select(['id', 'status', 'contactPersonId']).where('companyId', '=', companyId).orderBy('id').execute(),
  ]);

const auditOf = (companyId: string) =>
  server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).orderBy('seq').execute();

describe('suspending a member (§4 "Suspend and reinstate")', () => {
  it('ends their access in the company at once and keeps their teams, roles, contracts; reinstating gives it all back', async () => {
    const acme = await makeCompany(server);
    const admin = await acme.member({ companyRoles: ['admin'] });
    const design = await acme.team('Design');
    const manager = await acme.member({ teams: { [acme.defaultTeamId]: [], [design]: ['hiring_manager'] } });
    const contract = await makeContract(acme.company.id, design, manager.id);
    const invitation = await makeInvitation(acme.company.id, manager.id);
    // Their other company is not touched.
    const other = await makeCompany(server, 'Other');
    await server.db.write(async (tx) => {
      const { ensureCompanyMember, addTeamMembership } = await import('../../src/commands/memberships.js');
      await ensureCompanyMember(tx, other.company.id, manager, new Date());
      await addTeamMembership(tx, { companyId: other.company.id, teamId: other.defaultTeamId, userId: manager.id }, [], new Date());
    });
    const before = await memberRows(acme.company.id, manager.id);

    const suspended = await suspendMember(server.as(admin.id), acme.company.id, { userId: manager.id });
    expect(suspended.changed).toBe(true);
    expect(suspended.member.row.suspendedAt).toBe(server.clock.now.toISOString());
    expect(await memberRows(acme.company.id, manager.id)).toEqual(before);
    const revoked = await server.db.kysely.selectFrom('invitations').select('status').where('id', '=', invitation).executeTakeFirstOrThrow();
    expect(revoked.status).toBe('revoked');
    const [event] = (await auditOf(acme.company.id)).filter((e) => e.type === 'member.suspended');
    expect(event).toMatchObject({ actorId: admin.id, targetId: manager.id });
    expect(JSON.parse(event!.data)).toMatchObject({
      contracts: [contract],
      revokedInvitations: [{ id: invitation }],
    });

    // Their own commands in the company: NOT_FOUND, as for a non-member; in the other company they act.
    await expectCommandRefused(server.db, () => createTeam(server.as(manager.id), acme.company.id, { name: 'Mine' }), 'NOT_FOUND');
    await createTeam(server.as(other.owner.id), other.company.id, { name: 'Theirs' });

    // Suspending again changes nothing and records nothing.
    const snap = await snapshot(server.db);
    expect((await suspendMember(server.as(admin.id), acme.company.id, { userId: manager.id })).changed).toBe(false);
    expect(await snapshot(server.db)).toEqual(snap);

    const reinstated = await reinstateMember(server.as(admin.id), acme.company.id, { userId: manager.id });
    expect(reinstated.changed).toBe(true);
    expect(reinstated.member.row.suspendedAt).toBeNull();
    expect(await memberRows(acme.company.id, manager.id)).toEqual(before);
    const reinstatedEvent = (await auditOf(acme.company.id)).at(-1)!;
    expect(reinstatedEvent).toMatchObject({ type: 'member.reinstated', actorId: admin.id, targetId: manager.id });
    expect(JSON.parse(reinstatedEvent.data)).toEqual({ suspendedAt: server.clock.now.toISOString(), suspendedBy: admin.id });
    // A member again: a plain member may not create teams, FORBIDDEN, no longer NOT_FOUND.
    await expectCommandRefused(server.db, () => createTeam(server.as(manager.id), acme.company.id, { name: 'Back' }), 'FORBIDDEN');

    // Reinstating an active member changes nothing.
    const snap2 = await snapshot(server.db);
    expect((await reinstateMember(server.as(admin.id), acme.company.id, { userId: manager.id })).changed).toBe(false);
    expect(await snapshot(server.db)).toEqual(snap2);
  });

  it('refuses the owner, oneself, an equal or higher rank, and those without the right, changing nothing', async () => {
    const acme = await makeCompany(server);
    const admin = await acme.member({ companyRoles: ['admin'] });
    const otherAdmin = await acme.member({ companyRoles: ['admin'] });
    const teamAdmin = await acme.member({ teams: { [acme.defaultTeamId]: ['team_admin'] } });
    const plain = await acme.member();
    await expectCommandRefused(server.db, () => suspendMember(server.as(admin.id), acme.company.id, { userId: acme.owner.id }), 'OWNER_CANNOT_BE_SUSPENDED');
    await expectCommandRefused(server.db, () => suspendMember(server.as(admin.id), acme.company.id, { userId: admin.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => suspendMember(server.as(admin.id), acme.company.id, { userId: otherAdmin.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => suspendMember(server.as(teamAdmin.id), acme.company.id, { userId: plain.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => suspendMember(server.as(plain.id), acme.company.id, { userId: acme.owner.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => suspendMember(server.as(admin.id), acme.company.id, { userId: newId() }), 'NOT_FOUND');
    // The owner suspends an admin; the admin, suspended, may then neither reinstate nor suspend anyone.
    await suspendMember(server.as(acme.owner.id), acme.company.id, { userId: otherAdmin.id });
    await expectCommandRefused(server.db, () => reinstateMember(server.as(otherAdmin.id), acme.company.id, { userId: otherAdmin.id }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => suspendMember(server.as(otherAdmin.id), acme.company.id, { userId: plain.id }), 'NOT_FOUND');
    // An admin may not reinstate an admin either.
    await expectCommandRefused(server.db, () => reinstateMember(server.as(admin.id), acme.company.id, { userId: otherAdmin.id }), 'FORBIDDEN');
    await reinstateMember(server.as(acme.owner.id), acme.company.id, { userId: otherAdmin.id });
  });

  it('keeps a suspended contact person under §3.3: removal refused with the contracts; managed as any member', async () => {
    const acme = await makeCompany(server);
    const design = await acme.team('Design');
    const manager = await acme.member({ teams: { [design]: ['hiring_manager'] } });
    const contract = await makeContract(acme.company.id, design, manager.id);
    await suspendMember(server.as(acme.owner.id), acme.company.id, { userId: manager.id });
    const refusal = await expectCommandRefused(
      server.db,
      () => removeFromCompany(server.as(acme.owner.id), acme.company.id, { userId: manager.id }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    expect(refusal.extra.contracts).toEqual([expect.objectContaining({ id: contract })]);
    // Roles still change while suspended, and revoking hiring_manager is still refused.
    await setTeamRoles(server.as(acme.owner.id), acme.company.id, { userId: manager.id, teamId: design, roles: ['hiring_manager', 'recruiter'] });
    await expectCommandRefused(
      server.db,
      () => setTeamRoles(server.as(acme.owner.id), acme.company.id, { userId: manager.id, teamId: design, roles: [] }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    // Named nowhere new: no new contract, no reassignment to them; their contract may still move.
    await expectCommandRefused(
      server.db,
      () => createContract(server.as(acme.owner.id), acme.company.id, { teamId: design, title: 'New', freelancerName: 'Fay', contactPersonId: manager.id }),
      'NOT_HIRING_MANAGER',
    );
    const colleague = await acme.member({ teams: { [design]: ['hiring_manager'] } });
    const other = await makeContract(acme.company.id, design, colleague.id);
    await expectCommandRefused(
      server.db,
      () => updateContract(server.as(acme.owner.id), acme.company.id, other, { contactPersonId: manager.id }),
      'NOT_HIRING_MANAGER',
    );
    // Once the contract is ended, the suspended member is removed by the usual rules.
    await server.db.kysely.updateTable('contracts').set({ status: 'ended' }).where('id', '=', contract).execute();
    await removeFromCompany(server.as(acme.owner.id), acme.company.id, { userId: manager.id });
  });

  it('serves a caller who is no member: the core takes the transaction, the target and an audit actor', async () => {
    const acme = await makeCompany(server);
    const plain = await acme.member();
    const actorId = `scim:${newId()}`;
    const suspended = await server.db.write(async (tx) => {
      const company = (await lockCompany(tx, acme.company.id))!;
      return suspendMembership({ tx, company, now: new Date() }, await requireMember(tx, company, plain.id), actorId);
    });
    expect(suspended.changed).toBe(true);
    await expectCommandRefused(
      server.db,
      () =>
        server.db.write(async (tx) => {
          const company = (await lockCompany(tx, acme.company.id))!;
          return suspendMembership({ tx, company, now: new Date() }, await requireMember(tx, company, acme.owner.id), actorId);
        }),
      'OWNER_CANNOT_BE_SUSPENDED',
    );
    const reinstated = await server.db.write(async (tx) => {
      const company = (await lockCompany(tx, acme.company.id))!;
      return reinstateMembership({ tx, company, now: new Date() }, await requireMember(tx, company, plain.id), actorId);
    });
    expect(reinstated.changed).toBe(true);
    const events = (await auditOf(acme.company.id)).filter((e) => e.type.startsWith('member.'));
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['member.suspended', actorId],
      ['member.reinstated', actorId],
    ]);
  });
});
