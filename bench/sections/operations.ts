import { join } from 'node:path';
import { acceptInvitation } from '../../src/commands/accept-invitation.js';
import type { CommandContext } from '../../src/commands/context.js';
import { inviteMembers } from '../../src/commands/invite-members.js';
import { removeFromCompany } from '../../src/commands/remove-from-company.js';
import { removeFromTeam } from '../../src/commands/remove-from-team.js';
import { setTeamRoles } from '../../src/commands/set-team-roles.js';
import { updateContract } from '../../src/commands/update-contract.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { can } from '../../src/domain/policy.js';
import { openBody } from '../../src/mail/outbox.js';
import { readAsMember } from '../../src/queries/scope.js';
import { createBenchDatabase } from '../lib/database.js';
import { generate } from '../lib/generate.js';
import { progress } from '../lib/output.js';
import { callsNeeded, measure, type Timing } from '../lib/stats.js';
import type { BenchSettings, SamplePlan } from '../settings.js';

/** One operation of Roster, called in-process one call after another. */
export interface OperationFigure {
  name: string;
  /** Writes are compared with the durable-commit limit; reads have no such limit. */
  kind: 'write' | 'read';
  timing: Timing;
}

/** The accept link's token in an invitation mail (API.md "Mail": `<BASE_URL>/invitations/<token>`). */
const TOKEN_IN_MAIL = /\/invitations\/([A-Za-z0-9_-]+)/;

/** People with accounts, not yet members: each is invited, accepts, and goes through the other operations. */
async function makeInvitees(db: Db, count: number): Promise<{ id: string; email: string }[]> {
  const invitees = Array.from({ length: count }, (_, i) => ({
    id: `invitee-${String(i).padStart(6, '0')}`,
    email: `invitee.${String(i).padStart(6, '0')}@bench.example.com`,
  }));
  await db.write(async (tx) => {
    for (let start = 0; start < invitees.length; start += 2_000) {
      const batch = invitees.slice(start, start + 2_000).map(({ id, email }) => ({
        id,
        email,
        name: `Invitee ${id.slice('invitee-'.length)}`,
        passwordHash: 'bench:no-password',
        emailVerified: 1 as const,
        createdAt: new Date().toISOString(),
      }));
      await tx.insertInto('users').values(batch).execute();
    }
  });
  return invitees;
}

/** The plan of a step that can only take as many calls as the step before it completed. */
const atMost = (plan: SamplePlan, available: number): SamplePlan => ({
  ...plan,
  iterations: Math.min(plan.iterations, Math.max(0, available - plan.warmup)),
  minSamples: Math.min(plan.minSamples, Math.max(0, available - plan.warmup)),
});

/**
 * §1 of the suite: invite, accept, add to a team, set team roles, reassign a contact person,
 * remove from a team, remove from the company (the owner acting), and loading the actor to check
 * a permission (a team admin), on a company of `settings.operations.data.members` members.
 */
export async function runOperations(settings: BenchSettings): Promise<OperationFigure[]> {
  const database = await createBenchDatabase(settings, 'operations');
  const db = database.open();
  try {
    progress('operations: generating the company');
    const fixture = await generate(db, settings.operations.data);
    const config = loadConfig({
      RATE_LIMITS: 'off',
      BASE_URL: 'http://roster.bench',
      DATABASE_URL: database.url,
      MAIL_URL: `file:${join(database.dir, 'mail')}`,
    });
    const as = (actorId: string): CommandContext => ({ db, settings: config, actorId, now: () => new Date(), requestId: 'bench' });
    const owner = as(fixture.ownerId);
    const companyId = fixture.companyId;
    const [, invitedTeam = fixture.defaultTeamId, addedTeam = fixture.defaultTeamId] = fixture.departmentTeamIds;
    const writes = settings.operations.writes;
    const invitees = await makeInvitees(db, callsNeeded(writes));
    const inviteeAt = (i: number) => {
      const invitee = invitees[i];
      if (!invitee) throw new Error(`no invitee ${i}`);
      return invitee;
    };
    const figures: OperationFigure[] = [];
    let completed = invitees.length;
    const step = async (name: string, operation: (i: number) => Promise<unknown>) => {
      progress(`operations: ${name}`);
      const plan = atMost(writes, completed);
      const timing = await measure(plan, operation);
      completed = plan.warmup + timing.samples;
      figures.push({ name, kind: 'write', timing });
    };

    await step('invite (one email)', (i) =>
      inviteMembers(owner, companyId, { emails: [inviteeAt(i).email], teams: [{ teamId: invitedTeam, roles: ['recruiter'] }] }),
    );

    // The tokens exist only in the queued mail: read them before any delivery erases the bodies.
    const mails = await db.kysely.selectFrom('outbox').select(['id', 'toAddress', 'bodyText']).where('kind', '=', 'invitation').execute();
    const tokens = new Map(mails.map((mail) => [mail.toAddress, TOKEN_IN_MAIL.exec(openBody(config.secretKey, mail.id, mail.bodyText))?.[1] ?? '']));
    await step('accept invitation', (i) => {
      const invitee = inviteeAt(i);
      return acceptInvitation(as(invitee.id), tokens.get(invitee.email) ?? '');
    });

    await step('add to a team', (i) => setTeamRoles(owner, companyId, { userId: inviteeAt(i).id, teamId: addedTeam, roles: [] }));
    await step('set team roles', (i) =>
      setTeamRoles(owner, companyId, { userId: inviteeAt(i).id, teamId: addedTeam, roles: ['recruiter', 'work_diary'] }),
    );

    // The contract's contact person is the first of its team's two hiring managers to begin with.
    const { contractId, contactPersonIds } = fixture.reassignable;
    const reassigned = completed;
    completed = callsNeeded(writes);
    await step('reassign contact person', (i) =>
      updateContract(owner, companyId, contractId, { contactPersonId: contactPersonIds[(i + 1) % 2] ?? '' }),
    );
    completed = reassigned;

    await step('remove from team', async (i) => {
      const { leftCompany } = await removeFromTeam(owner, companyId, { userId: inviteeAt(i).id, teamId: addedTeam });
      if (leftCompany) throw new Error('the invitee should still be in the team they were invited to');
    });
    await step('remove from company', (i) => removeFromCompany(owner, companyId, { userId: inviteeAt(i).id }));

    progress('operations: load the actor and check a permission');
    const { teamAdmin } = fixture;
    const check = await measure(settings.operations.reads, async () => {
      const { actor } = await readAsMember(db, teamAdmin.userId, companyId);
      if (!can(actor, 'member.invite', { teamId: teamAdmin.teamId, roles: ['recruiter'], companyRoles: [] })) {
        throw new Error('the team admin should be allowed to invite a recruiter into their team');
      }
    });
    figures.push({ name: 'load actor + check permission', kind: 'read', timing: check });
    return figures;
  } finally {
    await db.close();
    await database.drop();
  }
}
