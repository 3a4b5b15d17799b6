import { authorize } from '../domain/policy.js';
import { inCompany, type CommandContext } from './context.js';

/** What an export is of, in which format, chosen by which filters (as the route was asked). */
export interface ExportRequest {
  of: 'members' | 'audit_events';
  format: 'csv' | 'jsonl';
  filters: Record<string, string | undefined>;
  /** Taken on the command line (`roster members export`, `roster audit`), not over the API. */
  via?: 'cli';
}

/**
 * Records that the actor takes an export, before its first row is read (an export is audited as
 * asked for, whether or not the download completes): `members.exported` for the members, which
 * only those who may export every member may take (`member.export`), `audit_events.exported` for
 * the audit log, which whoever reads the log may export, the part of it they read.
 */
export async function recordExport(ctx: CommandContext, companyId: string, request: ExportRequest): Promise<void> {
  await inCompany(ctx, companyId, async ({ actor, audit }) => {
    if (request.of === 'members') authorize(actor, 'member.export', {}, 'Only the owner and admins may export the members');
    else authorize(actor, 'audit.read', {});
    const filters = Object.fromEntries(Object.entries(request.filters).filter(([, value]) => value !== undefined));
    await audit({
      type: request.of === 'members' ? 'members.exported' : 'audit_events.exported',
      data: { format: request.format, filters, ...(request.via === undefined ? {} : { via: request.via }) },
    });
  });
}
