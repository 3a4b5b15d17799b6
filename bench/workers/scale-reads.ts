import { removeFromCompany } from '../../src/commands/remove-from-company.js';
import { contractsBlockingRemoval } from '../../src/model/members.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { encodeCursor } from '../../src/queries/cursor.js';
import { getMemberDetails, listMembers } from '../../src/queries/members.js';
import { answer, workerInput } from '../lib/child.js';
import { measure, type Timing } from '../lib/stats.js';
import type { ScaleMetric, ScaleWorkerInput, ScaleWorkerOutput } from '../sections/scale.js';

/**
 * The scale measurements at one size, in a process of its own: the reads of the members page and
 * of a member's page as the owner sees them, the contact-person guard, and removals.
 */

const { url, fixture, reads, removals } = workerInput() as ScaleWorkerInput;
const db = openDatabase(url);
const settings = loadConfig({ RATE_LIMITS: 'off', DATABASE_URL: url, BASE_URL: 'http://roster.bench' });
const owner = { db, settings, actorId: fixture.ownerId, now: () => new Date(), requestId: 'bench' };
const { companyId, ownerId, contactPersonIds, plainMembers } = fixture;

/** Fails the run when a read does not return what the data set holds: figures of a wrong query are worthless. */
function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`scale at ${fixture.memberCount} members: ${what}`);
}

// The keyset cursor of the row halfway down the list, as the page before it would have given it.
const middle = await db.kysely
  .selectFrom('companyMembers')
  .select(['name', 'userId'])
  .where('companyId', '=', companyId)
  .orderBy('name')
  .orderBy('userId')
  .limit(1)
  .offset(Math.floor(fixture.memberCount / 2))
  .executeTakeFirstOrThrow();
const deepCursor = encodeCursor(middle.name, middle.userId);
const page = { limit: 50 };
const teamId = fixture.departmentTeamIds[1] ?? fixture.defaultTeamId;
const contactPerson = (i: number) => contactPersonIds[i % contactPersonIds.length] ?? ownerId;

const first = await listMembers(db, ownerId, companyId, page);
expect(first.items.length === 50 || first.nextCursor === null, 'the first page is not full');
const rare = await listMembers(db, ownerId, companyId, { ...page, q: fixture.rareSearch });
expect(rare.items.length === 1, `the search "${fixture.rareSearch}" found ${rare.items.length} members, not 1`);
expect((await contractsBlockingRemoval(db.kysely, companyId, contactPerson(0))).length > 0, 'a contact person has no contracts');

const removable = Math.max(0, plainMembers.length - removals.warmup);
const timings: Record<ScaleMetric, Timing> = {
  'members list, first page': await measure(reads, () => listMembers(db, ownerId, companyId, page)),
  'members list, deep page': await measure(reads, () => listMembers(db, ownerId, companyId, { ...page, cursor: deepCursor })),
  'search, common name': await measure(reads, () => listMembers(db, ownerId, companyId, { ...page, q: fixture.commonSearch })),
  'search, one match': await measure(reads, () => listMembers(db, ownerId, companyId, { ...page, q: fixture.rareSearch })),
  'team filter': await measure(reads, () => listMembers(db, ownerId, companyId, { ...page, teamId })),
  'member details': await measure(reads, (i) => getMemberDetails(db, ownerId, companyId, contactPerson(i))),
  'removal guard': await measure(reads, (i) => contractsBlockingRemoval(db.kysely, companyId, contactPerson(i))),
  'remove from company': await measure(
    { ...removals, iterations: Math.min(removals.iterations, removable), minSamples: Math.min(removals.minSamples, removable) },
    (i) => removeFromCompany(owner, companyId, { userId: plainMembers[i]?.userId ?? '' }),
  ),
};
await db.close();

const output: ScaleWorkerOutput = { timings, peakMemoryBytes: process.resourceUsage().maxRSS * 1024 };
answer(output);
