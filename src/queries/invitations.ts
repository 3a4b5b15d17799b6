import { hashSecret } from '../auth/secrets.js';
import type { Db } from '../db/database.js';
import type { InvitationStatus } from '../db/schema.js';
import { authorize, holds, holdsEverywhere } from '../domain/policy.js';
import { unknownInvitationLink, withTeams } from '../model/invitations.js';
import { presentInvitation, presentInvitationPreview, type InvitationPreview, type InvitationView } from '../presenters/invitations.js';
import { readAsMember } from './scope.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface InvitationListQuery {
  status?: InvitationStatus;
  limit: number;
  cursor?: string;
}


/**
 * The company's invitations, newest first, one keyset page at a time on the
 * `invitations_by_company (company_id, created_at, id)` index. §2.5: the owner and admins see all
 * of them; a team admin sees those that touch a team they administer; anyone else is FORBIDDEN.
 *
 * ```sql
 * select * from invitations i
 * where company_id = ? [and exists (select 1 from invitation_teams where invitation_id = i.id and team_id in (…))]
 *   [and status filter] and (created_at, id) < (?, ?)
 * order by created_at desc, id desc limit ? + 1
 * ```
 */
export async function listInvitations(
  db: Db,
  viewerId: string,
  companyId: string,
  query: InvitationListQuery,
  now: Date,
): Promise<{ items: InvitationView[]; nextCursor: string | null }> {
  const { company, actor } = await readAsMember(db, viewerId, companyId);
  authorize(actor, 'invitation.list', {});
  // The SQL form of the policy: every team, or the teams where the viewer may list invitations.
  const seesAll = holdsEverywhere(actor, 'invitation.list');
  const ownTeams = [...actor.teams.keys()].filter((teamId) => holds(actor, 'invitation.list', teamId));
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2); // (createdAt, id)
  const at = now.toISOString();

  let select = db.kysely.selectFrom('invitations as i').selectAll('i').where('i.companyId', '=', company.id);
  if (!seesAll) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('invitationTeams as it')
          .select('it.teamId')
          .whereRef('it.invitationId', '=', 'i.id')
          .where('it.teamId', 'in', ownTeams),
      ),
    );
  }
  const { status } = query;
  if (status === 'pending') {
    select = select.where('i.status', '=', 'pending').where('i.expiresAt', '>', at);
  } else if (status === 'expired') {
    select = select.where((eb) =>
      eb.or([eb('i.status', '=', 'expired'), eb.and([eb('i.status', '=', 'pending'), eb('i.expiresAt', '<=', at)])]),
    );
  } else if (status !== undefined) {
    select = select.where('i.status', '=', status);
  }
  if (after !== undefined) {
    select = select.where((eb) => eb(eb.refTuple('i.createdAt', 'i.id'), '<', eb.tuple(after[0], after[1])));
  }

  const rows = await select.orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc').limit(query.limit + 1).execute();
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: (await withTeams(db.kysely, pageRows)).map((invitation) => presentInvitation(invitation, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * The invitation behind an accept link, for anyone holding the link (the token proves the
 * mailbox). An unknown token, or one replaced by a resend, is NOT_FOUND.
 */
export async function previewInvitation(db: Db, token: string, now: Date): Promise<InvitationPreview> {
  const tokenHash = hashSecret(token);
  const invitation = await db.kysely
    .selectFrom('invitations as i')
    .innerJoin('companies as c', 'c.id', 'i.companyId')
    .innerJoin('users as u', 'u.id', 'i.invitedBy')
    .select([
      'i.id',
      'i.email',
      'i.status',
      'i.expiresAt',
      'i.companyRoles',
      'c.name as companyName',
      'u.name as inviterName',
    ])
    .where('i.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!invitation) throw await unknownInvitationLink(db.kysely, tokenHash);
  const teams = await db.kysely
    .selectFrom('invitationTeams as it')
    .innerJoin('teams as t', 't.id', 'it.teamId')
    .select(['t.name as teamName', 'it.roles'])
    .where('it.invitationId', '=', invitation.id)
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
  return presentInvitationPreview(invitation, teams, now);
}

