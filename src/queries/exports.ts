import type { Db } from '../db/database.js';
import { authorize } from '../domain/policy.js';
import { loadMembers } from '../model/members.js';
import { presentAuditEvent } from '../presenters/audit-events.js';
import type { ExportedMember } from '../presenters/exports.js';
import { presentMember } from '../presenters/members.js';
import { readableAuditEvents, type AuditEventSelection } from './audit-events.js';
import { memberRowsPage, type MemberListFilters } from './members.js';
import { readAsMember } from './scope.js';

/**
 * How many rows an export reads at a time. Each chunk is one short statement (a keyset page), so
 * an export of 100,000 members holds neither the database's one SQLite connection nor more than a
 * chunk in memory; the stream's back-pressure decides when the next chunk is read.
 */
const CHUNK = 500;

/**
 * The company's members the filters choose, in the list's order (name, then id), chunk by chunk, for
 * a viewer who may export them (`member.export`: the owner and admins, who see every email). The
 * viewer is read, and refused, before the first row: an export that starts is one the viewer may
 * take. It is not one snapshot: a member who joins, leaves or is renamed while it runs may be
 * written as they were or as they are.
 */
export async function exportMembers(db: Db, viewerId: string, companyId: string, filters: Omit<MemberListFilters, 'limit' | 'cursor'>) {
  const scope = await readAsMember(db, viewerId, companyId);
  authorize(scope.actor, 'member.export', {}, 'Only the owner and admins may export the members');
  // The first chunk is read now, so that what the filters refuse (a team of another company) is
  // refused before the answer starts, not in the middle of a download.
  let page = await memberRowsPage(db, scope, { ...filters, limit: CHUNK });
  return (async function* chunks(): AsyncGenerator<ExportedMember> {
    for (;;) {
      const joined = new Map(page.rows.map((row) => [row.userId, row.joinedAt]));
      for (const member of await loadMembers(db.kysely, scope.company, page.rows)) {
        yield { ...presentMember(member, scope.actor), joinedAt: joined.get(member.row.userId) ?? '' };
      }
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
  return (async function* chunks() {
    let after = 0;
    for (;;) {
      const rows = await readableAuditEvents(db, company, actor, filters).selectAll('e').where('e.seq', '>', after).orderBy('e.seq').limit(CHUNK).execute();
      for (const row of rows) yield presentAuditEvent(row);
      const last = rows.at(-1);
      if (rows.length < CHUNK || last === undefined) return;
      after = last.seq;
    }
  })();
}
