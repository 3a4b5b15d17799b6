import type { Db } from '../db/database.js';
import { authorize } from '../domain/policy.js';
import { loadMembersInOrder, TeamNames } from '../model/members.js';
import { presentAuditEvent } from '../presenters/audit-events.js';
import type { ExportedAuditEvent, ExportedMember } from '../presenters/exports.js';
import { presentMember } from '../presenters/members.js';
import { readableAuditEvents, type AuditEventSelection } from './audit-events.js';
import { memberRowsPage, type MemberListFilters } from './members.js';
import { readAsMember } from './scope.js';

/**
 * How many rows an export reads at a time. Each chunk is one short statement or two (a keyset page,
 * then its memberships), so an export of 100,000 members holds neither the database's one SQLite
 * connection nor more than a chunk in memory; the stream's back-pressure decides when the next chunk
 * is read, and a chunk is written at once. 250, not more: a chunk of JSON Lines (~120 KB) then stays
 * a string of V8's ordinary heap, below its large-object size (128 KB), and the server's peak stays
 * under 50 MB above idle where chunks of 500 took 50–53 MB for JSON Lines (docs/PERFORMANCE.md, "The export's memory").
 */
const CHUNK = 250;

/** The list's filters that choose among the members; without any, a chunk is every member in its span. */
const CHOOSING = ['q', 'teamId', 'role', 'qualifies', 'suspended'] as const;

/**
 * The company's members the filters choose, in the list's order (name, then id, or as sorted),
 * chunk by chunk, for a viewer who may export them (`member.export`: the owner and admins, who see
 * every email). The viewer is read, and refused, before the first row: an export that starts is one
 * the viewer may take. It is not one snapshot: a member who joins, leaves or is renamed while it
 * runs may be written as they were or as they are.
 *
 * A chunk's members are a keyset page of the list's own query (`memberRowsPage`, the same filters
 * and order); their memberships are read by `loadMembersInOrder`, which, in name order, walks the
 * company's team memberships once in the same order, a range per chunk, instead of reading them
 * member by member as a page of the list does.
 */
export async function exportMembers(db: Db, viewerId: string, companyId: string, filters: Omit<MemberListFilters, 'limit' | 'cursor'>) {
  const scope = await readAsMember(db, viewerId, companyId);
  authorize(scope.actor, 'member.export', {}, 'Only the owner and admins may export the members');
  // The first chunk is read now, so that what the filters refuse (a team of another company) is
  // refused before the answer starts, not in the middle of a download.
  let page = await memberRowsPage(db, scope, { ...filters, limit: CHUNK });
  const teamNames = new TeamNames(scope.company.id);
  const every = CHOOSING.every((filter) => filters[filter] === undefined);
  const byName = (filters.sort ?? 'name') === 'name';
  return (async function* chunks(): AsyncGenerator<ExportedMember[]> {
    for (;;) {
      const { rows } = page;
      const [first, last] = [rows[0], rows.at(-1)];
      const ends = filters.order === 'desc' ? [last, first] : [first, last];
      const span =
        byName && ends[0] !== undefined && ends[1] !== undefined
          ? { from: [ends[0].name, ends[0].userId] as const, to: [ends[1].name, ends[1].userId] as const, every }
          : undefined;
      const loaded = await loadMembersInOrder(db.kysely, scope.company, rows, teamNames, span);
      yield loaded.map((member, index) => ({ ...presentMember(member, scope.actor), joinedAt: rows[index]?.joinedAt ?? '' }));
      if (page.nextCursor === null) return;
      page = await memberRowsPage(db, scope, { ...filters, limit: CHUNK, cursor: page.nextCursor });
    }
  })();
}

/**
 * The company's audit log, oldest first, chunk by chunk: what the viewer may read of it
 * (`audit.read`: all of it for the owner and admins, their teams' events for a team admin).
 */
export async function exportAuditEvents(db: Db, viewerId: string, companyId: string, filters: AuditEventSelection) {
  const { company, actor } = await readAsMember(db, viewerId, companyId);
  // Refused before the first row, as the list is.
  readableAuditEvents(db, company, actor, filters);
  return (async function* chunks(): AsyncGenerator<ExportedAuditEvent[]> {
    let after = 0;
    for (;;) {
      const rows = await readableAuditEvents(db, company, actor, filters).selectAll('e').where('e.seq', '>', after).orderBy('e.seq').limit(CHUNK).execute();
      yield rows.map(presentAuditEvent);
      const last = rows.at(-1);
      if (rows.length < CHUNK || last === undefined) return;
      after = last.seq;
    }
  })();
}
