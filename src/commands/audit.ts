import type { Tx } from '../db/database.js';
import { newId } from '../auth/secrets.js';

/** §4 "Audit log": the event types Roster writes. */
export const AUDIT_EVENT_TYPES = [
  'company.created',
  'team.created',
  'team.renamed',
  'team.hidden',
  'team.shown',
  'invitation.created',
  'invitation.updated',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.declined',
  'member.added_to_team',
  'member.roles_changed',
  'member.company_roles_changed',
  'member.removed_from_team',
  'member.removed_from_company',
  'member.left',
  'contract.created',
  'contract.contact_person_changed',
  'contract.moved',
  'contract.paused',
  'contract.resumed',
  'contract.ended',
  'ownership.transferred',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** One change, as a command describes it. */
export interface AuditEntry {
  type: AuditEventType;
  targetId?: string | null;
  teamId?: string | null;
  data?: Record<string, unknown>;
}

/** Inserts one immutable audit event. */
export async function recordAudit(
  tx: Tx,
  entry: AuditEntry & { companyId: string; actorId: string; requestId: string | undefined; now: Date },
): Promise<void> {
  await tx
    .insertInto('auditEvents')
    .values({
      id: newId(),
      companyId: entry.companyId,
      teamId: entry.teamId ?? null,
      type: entry.type,
      actorId: entry.actorId,
      targetId: entry.targetId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      requestId: entry.requestId ?? null,
      createdAt: entry.now.toISOString(),
    })
    .execute();
}
