import { addTeamMembership } from '../../src/commands/memberships.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newId, newSecret } from '../../src/auth/secrets.js';
import { removeFromCompany } from '../../src/commands/remove-from-company.js';
import { removeFromTeam } from '../../src/commands/remove-from-team.js';
import { setCompanyRoles } from '../../src/commands/set-company-roles.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import type { ContractStatus } from '../../src/db/schema.js';
import type { MemberContext } from '../../src/domain/policy.js';
import type { LoadedMember, MemberSeen } from '../../src/model/members.js';
import { presentMember, type MemberView } from '../../src/presenters/members.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, snapshot } from '../support/factories.js';
import { expectCommandRefused } from '../support/refusals.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The member a command answers with, as the route presents it to the actor. */
function presented(result: MemberSeen): MemberView;
function presented(result: { member: LoadedMember | null; viewer: MemberContext }): MemberView | null;
function presented({ member, viewer }: { member: LoadedMember | null; viewer: MemberContext }): MemberView | null {
  return member && presentMember(member, viewer);
}


async function makeContract(companyId: string, teamId: string, contactPersonId: string, status: ContractStatus = 'active') {
  const id = newId();
  const now = new Date().toISOString();
  await server.db.kysely
    .insertInto('contracts')
    .values({ id, companyId, teamId, title: `Contract ${id.slice(0, 6)}`, freelancerName: 'Fay', status, contactPersonId, createdAt: now, updatedAt: now })
    .execute();
  return { id, title: `Contract ${id.slice(0, 6)}`, teamId };
}

async function makeInvitation(companyId: string, invitedBy: string) {
  const id = newId();
  const now = new Date();
  await server.db.kysely
    .insertInto('invitations')
    .values({
      id,
      companyId,
      email: `invitee-${id}@example.com`,
      status: 'pending',
      tokenHash: hashSecret(newSecret()),
      invitedBy,
      message: null,
      companyRoles: '[]',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      respondedAt: null,
    })
    .execute();
  return id;
}

const invitationStatus = async (id: string) =>
  (await server.db.kysely.selectFrom('invitations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

const auditOf = (companyId: string) =>
  server.db.kysely.selectFrom('auditEvents').selectAll().where('companyId', '=', companyId).orderBy('seq').execute();

const lastAudit = async (companyId: string) => {
  const events = await auditOf(companyId);
  const event = events.at(-1)!;
  return { ...event, data: JSON.parse(event.data) as Record<string, unknown> };
};

const isMember = async (companyId: string, userId: string) =>
  (await server.db.kysely
    .selectFrom('companyMembers')
    .select('userId')
    .where('companyId', '=', companyId)
    .where('userId', '=', userId)
    .executeTakeFirst()) !== undefined;

/** Puts the owner in a team directly (no one may change the owner's team roles). */
const ownerJoins = (companyId: string, teamId: string, userId: string) =>
  server.db.write((tx) => addTeamMembership(tx, { companyId, teamId, userId }, [], new Date()));

/** A company with two teams and a member of every kind. */
async function world() {
  const c = await makeCompany(server);
  const design = await c.team('Design');
  const ops = await c.team('Ops');
  const general = c.defaultTeamId;
  return {
    ...c,
    companyId: c.company.id,
    general,
    design,
    ops,
    admin: await c.member({ teams: { [general]: [] }, companyRoles: ['admin'] }),
    admin2: await c.member({ teams: { [general]: [] }, companyRoles: ['admin'] }),
    designAdmin: await c.member({ teams: { [design]: ['team_admin'] } }),
    designAdmin2: await c.member({ teams: { [design]: ['team_admin'] } }),
    opsAdmin: await c.member({ teams: { [ops]: ['team_admin'] } }),
    plain: await c.member({ teams: { [design]: [], [general]: [] } }),
    designOnly: await c.member({ teams: { [design]: [] } }),
    opsOnly: await c.member({ teams: { [ops]: [] } }),
    hiring: await c.member({ teams: { [design]: ['hiring_manager'] } }),
  };
}

describe('setTeamRoles', () => {
  it('lets a team admin change a plain member’s roles in their team, recording before and after', async () => {
    const w = await world();
    const member = await setTeamRoles(server.as(w.designAdmin.id), w.companyId, {
      userId: w.plain.id,
      teamId: w.design,
      roles: ['recruiter', 'hiring_manager'],
    });
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['hiring_manager', 'recruiter']);
    const event = await lastAudit(w.companyId);
    expect(event).toMatchObject({ type: 'member.roles_changed', actorId: w.designAdmin.id, targetId: w.plain.id, teamId: w.design });
    expect(event.data).toEqual({ before: [], after: ['hiring_manager', 'recruiter'] });
  });

  it('lets a team admin add a member of another team to their team', async () => {
    const w = await world();
    const member = await setTeamRoles(server.as(w.designAdmin.id), w.companyId, {
      userId: w.opsOnly.id,
      teamId: w.design,
      roles: ['work_diary'],
    });
    expect(presented(member).teams.map((t) => t.teamId).sort()).toEqual([w.design, w.ops].sort());
    const event = await lastAudit(w.companyId);
    expect(event.type).toBe('member.added_to_team');
    expect(event.data).toEqual({ before: null, after: ['work_diary'] });
  });

  it('is idempotent: the same roles again change nothing and record nothing', async () => {
    const w = await world();
    const input = { userId: w.plain.id, teamId: w.design, roles: ['recruiter' as const] };
    await setTeamRoles(server.as(w.designAdmin.id), w.companyId, input);
    const before = await snapshot(server.db);
    const member = await setTeamRoles(server.as(w.designAdmin.id), w.companyId, input);
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['recruiter']);
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('refuses a team admin acting on another team admin (§2.1)', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.designAdmin2.id, teamId: w.design, roles: [] }),
      'FORBIDDEN',
    );
  });

  it('refuses a team admin granting team_admin, which needs rank 3 (§2.2)', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.plain.id, teamId: w.design, roles: ['team_admin'] }),
      'FORBIDDEN',
    );
  });

  it('lets a company admin grant team_admin and manage team admins', async () => {
    const w = await world();
    await setTeamRoles(server.as(w.admin.id), w.companyId, { userId: w.plain.id, teamId: w.design, roles: ['team_admin'] });
    const member = await setTeamRoles(server.as(w.admin.id), w.companyId, {
      userId: w.designAdmin.id,
      teamId: w.design,
      roles: ['recruiter'],
    });
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['recruiter']);
  });

  it('refuses a company admin acting on another company admin; the owner may', async () => {
    const w = await world();
    const input = { userId: w.admin2.id, teamId: w.design, roles: ['work_diary' as const] };
    await expectCommandRefused(server.db, () => setTeamRoles(server.as(w.admin.id), w.companyId, input), 'FORBIDDEN');
    const member = await setTeamRoles(server.as(w.owner.id), w.companyId, input);
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['work_diary']);
  });

  it('refuses changing one’s own roles (§2.3)', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.designAdmin.id, teamId: w.design, roles: ['team_admin', 'recruiter'] }),
      'FORBIDDEN',
    );
  });

  it('lets the owner, whom nobody outranks, join a team and set their own roles there', async () => {
    const w = await world();
    const member = await setTeamRoles(server.as(w.owner.id), w.companyId, { userId: w.owner.id, teamId: w.design, roles: ['hiring_manager'] });
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['hiring_manager']);
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.admin.id), w.companyId, { userId: w.owner.id, teamId: w.design, roles: [] }),
      'FORBIDDEN',
    );
  });

  it('refuses hiring managers and team admins of other teams', async () => {
    const w = await world();
    const input = { userId: w.plain.id, teamId: w.design, roles: ['recruiter' as const] };
    await expectCommandRefused(server.db, () => setTeamRoles(server.as(w.hiring.id), w.companyId, input), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => setTeamRoles(server.as(w.opsAdmin.id), w.companyId, input), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => setTeamRoles(server.as(w.plain.id), w.companyId, { ...input, userId: w.designOnly.id }), 'FORBIDDEN');
  });

  it('refuses adding someone to a hidden team, but still changes roles of those in it', async () => {
    const w = await world();
    await server.db.kysely.updateTable('teams').set({ hidden: 1 }).where('id', '=', w.design).execute();
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.admin.id), w.companyId, { userId: w.opsOnly.id, teamId: w.design, roles: [] }),
      'CONFLICT',
    );
    const member = await setTeamRoles(server.as(w.admin.id), w.companyId, { userId: w.plain.id, teamId: w.design, roles: ['recruiter'] });
    expect(presented(member).teams.find((t) => t.teamId === w.design)?.roles).toEqual(['recruiter']);
  });

  it('refuses revoking hiring_manager from the contact person of active or paused contracts of the team (§3.3)', async () => {
    const w = await world();
    const active = await makeContract(w.companyId, w.design, w.hiring.id, 'active');
    const paused = await makeContract(w.companyId, w.design, w.hiring.id, 'paused');
    await makeContract(w.companyId, w.design, w.hiring.id, 'ended');
    const { extra } = await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.hiring.id, teamId: w.design, roles: ['recruiter'] }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    expect(extra.contracts).toEqual([active, paused].sort((a, b) => a.id.localeCompare(b.id)));
    // Keeping hiring_manager while adding another role is fine.
    await setTeamRoles(server.as(w.designAdmin.id), w.companyId, {
      userId: w.hiring.id,
      teamId: w.design,
      roles: ['hiring_manager', 'recruiter'],
    });
    // Once the contracts have ended, hiring_manager may go.
    await server.db.kysely.updateTable('contracts').set({ status: 'ended' }).where('companyId', '=', w.companyId).execute();
    await setTeamRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.hiring.id, teamId: w.design, roles: [] });
  });

  it('answers NOT_FOUND for non-members, other companies’ people and teams, and non-member callers', async () => {
    const w = await world();
    const other = await world();
    const as = server.as(w.admin.id);
    await expectCommandRefused(server.db, () => setTeamRoles(as, w.companyId, { userId: 'nobody', teamId: w.design, roles: [] }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => setTeamRoles(as, w.companyId, { userId: other.plain.id, teamId: w.design, roles: [] }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => setTeamRoles(as, w.companyId, { userId: w.plain.id, teamId: other.design, roles: [] }), 'NOT_FOUND');
    await expectCommandRefused(server.db, 
      () => setTeamRoles(server.as(other.owner.id), w.companyId, { userId: w.plain.id, teamId: w.design, roles: [] }),
      'NOT_FOUND',
    );
  });
});

describe('removeFromTeam', () => {
  it('lets a team admin remove a plain member from their team; the member stays in the company', async () => {
    const w = await world();
    const result = await removeFromTeam(server.as(w.designAdmin.id), w.companyId, { userId: w.plain.id, teamId: w.design });
    expect(result.leftCompany).toBe(false);
    expect(presented(result)?.teams.map((t) => t.teamId)).toEqual([w.general]);
    const event = await lastAudit(w.companyId);
    expect(event).toMatchObject({ type: 'member.removed_from_team', targetId: w.plain.id, teamId: w.design });
    expect(event.data).toMatchObject({ leftCompany: false, before: [] });
  });

  it('ends company membership with the last team and revokes the invitations the person sent', async () => {
    const w = await world();
    const sent = await makeInvitation(w.companyId, w.hiring.id);
    const others = await makeInvitation(w.companyId, w.designAdmin.id);
    const result = await removeFromTeam(server.as(w.designAdmin.id), w.companyId, { userId: w.hiring.id, teamId: w.design });
    expect(result).toMatchObject({ member: null, leftCompany: true });
    expect(await isMember(w.companyId, w.hiring.id)).toBe(false);
    expect(await invitationStatus(sent)).toBe('revoked');
    expect(await invitationStatus(others)).toBe('pending');
    expect((await lastAudit(w.companyId)).data).toMatchObject({ leftCompany: true, before: ['hiring_manager'] });
  });

  it('lets a member leave a team themselves, recorded as member.left', async () => {
    const w = await world();
    const result = await removeFromTeam(server.as(w.plain.id), w.companyId, { userId: w.plain.id, teamId: w.design });
    expect(result.leftCompany).toBe(false);
    expect(presented(result)?.email).toBe(w.plain.email);
    expect(await lastAudit(w.companyId)).toMatchObject({ type: 'member.left', actorId: w.plain.id, targetId: w.plain.id });
  });

  it('refuses the owner leaving the default team, but lets them leave another team', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.owner.id), w.companyId, { userId: w.owner.id, teamId: w.general }),
      'OWNER_CANNOT_BE_REMOVED',
    );
    await ownerJoins(w.companyId, w.design, w.owner.id);
    const result = await removeFromTeam(server.as(w.owner.id), w.companyId, { userId: w.owner.id, teamId: w.design });
    expect(result.leftCompany).toBe(false);
    expect(presented(result)?.teams.map((t) => t.teamId)).toEqual([w.general]);
  });

  it('refuses removing the owner from any team, for anyone who manages members there', async () => {
    const w = await world();
    await ownerJoins(w.companyId, w.design, w.owner.id);
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.admin.id), w.companyId, { userId: w.owner.id, teamId: w.general }),
      'OWNER_CANNOT_BE_REMOVED',
    );
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.designAdmin.id), w.companyId, { userId: w.owner.id, teamId: w.design }),
      'OWNER_CANNOT_BE_REMOVED',
    );
    // Someone without member.manage there learns nothing of the rule: FORBIDDEN first.
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.plain.id), w.companyId, { userId: w.owner.id, teamId: w.design }),
      'FORBIDDEN',
    );
  });

  it('refuses a team admin removing another team admin, or anyone of another team', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.designAdmin.id), w.companyId, { userId: w.designAdmin2.id, teamId: w.design }),
      'FORBIDDEN',
    );
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.opsAdmin.id), w.companyId, { userId: w.plain.id, teamId: w.design }),
      'FORBIDDEN',
    );
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.hiring.id), w.companyId, { userId: w.plain.id, teamId: w.design }),
      'FORBIDDEN',
    );
  });

  it('refuses a company admin removing another company admin; the owner may', async () => {
    const w = await world();
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.admin.id), w.companyId, { userId: w.admin2.id, teamId: w.general }),
      'FORBIDDEN',
    );
    const result = await removeFromTeam(server.as(w.owner.id), w.companyId, { userId: w.admin2.id, teamId: w.general });
    expect(result.leftCompany).toBe(true);
  });

  it('refuses removing the contact person of that team’s active contracts, listing them; other teams’ contracts do not block', async () => {
    const w = await world();
    const both = await w.member({ teams: { [w.design]: ['hiring_manager'], [w.ops]: ['hiring_manager'] } });
    const opsContract = await makeContract(w.companyId, w.ops, both.id, 'paused');
    const { extra } = await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(w.admin.id), w.companyId, { userId: both.id, teamId: w.ops }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    expect(extra.contracts).toEqual([opsContract]);
    await expectCommandRefused(server.db, 
      () => removeFromTeam(server.as(both.id), w.companyId, { userId: both.id, teamId: w.ops }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    const result = await removeFromTeam(server.as(w.admin.id), w.companyId, { userId: both.id, teamId: w.design });
    expect(result.leftCompany).toBe(false);
  });

  it('answers NOT_FOUND for a team the person is not in, and for other companies’ teams and people', async () => {
    const w = await world();
    const other = await world();
    const as = server.as(w.admin.id);
    await expectCommandRefused(server.db, () => removeFromTeam(as, w.companyId, { userId: w.opsOnly.id, teamId: w.design }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => removeFromTeam(as, w.companyId, { userId: w.plain.id, teamId: other.design }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => removeFromTeam(as, w.companyId, { userId: other.plain.id, teamId: w.design }), 'NOT_FOUND');
  });
});

describe('removeFromCompany', () => {
  it('removes every team membership and company role at once and revokes the invitations they sent', async () => {
    const w = await world();
    const target = await w.member({ teams: { [w.design]: ['recruiter'], [w.ops]: [] }, companyRoles: ['finance'] });
    const sent = [await makeInvitation(w.companyId, target.id), await makeInvitation(w.companyId, target.id)];
    const others = await makeInvitation(w.companyId, w.admin.id);
    const result = await removeFromCompany(server.as(w.admin.id), w.companyId, { userId: target.id });
    expect(result).toEqual({ revokedInvitations: 2 });
    expect(await isMember(w.companyId, target.id)).toBe(false);
    for (const table of ['teamMembers', 'teamMemberRoles', 'companyMemberRoles'] as const) {
      const rows = await server.db.kysely.selectFrom(table).select('userId').where('userId', '=', target.id).execute();
      expect(rows).toEqual([]);
    }
    expect(await invitationStatus(sent[0]!)).toBe('revoked');
    expect(await invitationStatus(sent[1]!)).toBe('revoked');
    expect(await invitationStatus(others)).toBe('pending');
    const event = await lastAudit(w.companyId);
    expect(event).toMatchObject({ type: 'member.removed_from_company', targetId: target.id, actorId: w.admin.id });
    expect(event.data).toMatchObject({ revokedInvitations: 2, before: { companyRoles: ['finance'] } });
  });

  it('lets a team admin remove someone only when they admin every team of theirs (§2.4)', async () => {
    const w = await world();
    await removeFromCompany(server.as(w.designAdmin.id), w.companyId, { userId: w.designOnly.id });
    expect(await isMember(w.companyId, w.designOnly.id)).toBe(false);

    const twoTeams = await w.member({ teams: { [w.design]: [], [w.ops]: [] } });
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.designAdmin.id), w.companyId, { userId: twoTeams.id }), 'FORBIDDEN');
    const adminOfBoth = await w.member({ teams: { [w.design]: ['team_admin'], [w.ops]: ['team_admin'] } });
    await removeFromCompany(server.as(adminOfBoth.id), w.companyId, { userId: twoTeams.id });
    expect(await isMember(w.companyId, twoTeams.id)).toBe(false);
  });

  it('refuses team admins of other teams, plain members and hiring managers', async () => {
    const w = await world();
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.opsAdmin.id), w.companyId, { userId: w.designOnly.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.plain.id), w.companyId, { userId: w.designOnly.id }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.hiring.id), w.companyId, { userId: w.designOnly.id }), 'FORBIDDEN');
  });

  it('refuses a team admin removing another team admin or a company admin of their team', async () => {
    const w = await world();
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.designAdmin.id), w.companyId, { userId: w.designAdmin2.id }), 'FORBIDDEN');
    const adminInDesign = await w.member({ teams: { [w.design]: [] }, companyRoles: ['admin'] });
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.designAdmin.id), w.companyId, { userId: adminInDesign.id }), 'FORBIDDEN');
  });

  it('refuses a company admin removing another company admin; the owner may', async () => {
    const w = await world();
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.admin.id), w.companyId, { userId: w.admin2.id }), 'FORBIDDEN');
    await removeFromCompany(server.as(w.owner.id), w.companyId, { userId: w.admin2.id });
    expect(await isMember(w.companyId, w.admin2.id)).toBe(false);
  });

  it('refuses removing the owner, and the owner leaving; FORBIDDEN first for those who may not remove anyone', async () => {
    const w = await world();
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.admin.id), w.companyId, { userId: w.owner.id }), 'OWNER_CANNOT_BE_REMOVED');
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.owner.id), w.companyId, { userId: w.owner.id }), 'OWNER_CANNOT_BE_REMOVED');
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.plain.id), w.companyId, { userId: w.owner.id }), 'FORBIDDEN');
  });

  it('refuses removing the contact person of any active or paused contract, listing all of them', async () => {
    const w = await world();
    const target = await w.member({ teams: { [w.design]: ['hiring_manager'], [w.ops]: ['hiring_manager'] } });
    const contracts = [
      await makeContract(w.companyId, w.design, target.id, 'active'),
      await makeContract(w.companyId, w.ops, target.id, 'paused'),
    ].sort((a, b) => a.id.localeCompare(b.id));
    await makeContract(w.companyId, w.ops, target.id, 'ended');
    const { extra } = await expectCommandRefused(server.db, 
      () => removeFromCompany(server.as(w.admin.id), w.companyId, { userId: target.id }),
      'CONTACT_PERSON_ON_ACTIVE_CONTRACT',
    );
    expect(extra.contracts).toEqual(contracts);
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(target.id), w.companyId, { userId: target.id }), 'CONTACT_PERSON_ON_ACTIVE_CONTRACT');
  });

  it('lets a member leave the company, recorded as member.left', async () => {
    const w = await world();
    await makeInvitation(w.companyId, w.hiring.id);
    await removeFromCompany(server.as(w.hiring.id), w.companyId, { userId: w.hiring.id });
    expect(await isMember(w.companyId, w.hiring.id)).toBe(false);
    const event = await lastAudit(w.companyId);
    expect(event).toMatchObject({ type: 'member.left', actorId: w.hiring.id, targetId: w.hiring.id });
    expect(event.data).toMatchObject({ scope: 'company', revokedInvitations: 1 });
  });

  it('answers NOT_FOUND for a non-member or another company’s member', async () => {
    const w = await world();
    const other = await world();
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(w.admin.id), w.companyId, { userId: other.plain.id }), 'NOT_FOUND');
    await expectCommandRefused(server.db, () => removeFromCompany(server.as(other.owner.id), w.companyId, { userId: w.plain.id }), 'NOT_FOUND');
  });
});

describe('setCompanyRoles', () => {
  it('lets the owner grant and revoke admin and finance, recording before and after', async () => {
    const w = await world();
    const member = await setCompanyRoles(server.as(w.owner.id), w.companyId, { userId: w.plain.id, roles: ['finance', 'admin'] });
    expect(presented(member).companyRoles).toEqual(['admin', 'finance']);
    const event = await lastAudit(w.companyId);
    expect(event).toMatchObject({ type: 'member.company_roles_changed', targetId: w.plain.id });
    expect(event.data).toEqual({ before: [], after: ['admin', 'finance'] });
    await setCompanyRoles(server.as(w.owner.id), w.companyId, { userId: w.admin.id, roles: [] });
    expect((await lastAudit(w.companyId)).data).toEqual({ before: ['admin'], after: [] });
  });

  it('is idempotent: the same roles again record nothing', async () => {
    const w = await world();
    const before = await snapshot(server.db);
    await setCompanyRoles(server.as(w.owner.id), w.companyId, { userId: w.admin.id, roles: ['admin'] });
    expect(await snapshot(server.db)).toEqual(before);
  });

  it('refuses everyone but the owner, and the owner on themselves (§2.2, §2.3)', async () => {
    const w = await world();
    await expectCommandRefused(server.db, () => setCompanyRoles(server.as(w.admin.id), w.companyId, { userId: w.plain.id, roles: ['finance'] }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => setCompanyRoles(server.as(w.designAdmin.id), w.companyId, { userId: w.plain.id, roles: [] }), 'FORBIDDEN');
    await expectCommandRefused(server.db, () => setCompanyRoles(server.as(w.owner.id), w.companyId, { userId: w.owner.id, roles: ['admin'] }), 'FORBIDDEN');
  });

  it('answers NOT_FOUND for another company’s member', async () => {
    const w = await world();
    const other = await world();
    await expectCommandRefused(server.db, () => setCompanyRoles(server.as(w.owner.id), w.companyId, { userId: other.plain.id, roles: [] }), 'NOT_FOUND');
  });
});
