import type { Tx } from '../db/database.js';
import type { ScimUserRecord } from '../model/scim.js';

/** A User as a SCIM client sends it (POST, PUT, or the result of a PATCH), read into Roster's terms. */
export interface ScimUserInput {
  /** userName, normalised (src/domain/normalize.ts): the account's email. */
  email: string;
  /** The name Roster shows: displayName, else name.formatted, else the given and family names, else the email. */
  name: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
}

/** The member's fields a SCIM change compares, before and after (for the audit event). */
export function scimFields(record: Pick<ScimUserRecord, 'email' | 'name' | 'givenName' | 'familyName' | 'externalId' | 'active'>) {
  return {
    email: record.email,
    name: record.name,
    givenName: record.givenName,
    familyName: record.familyName,
    externalId: record.externalId,
    active: record.active,
  };
}

/** An account's name, wherever Roster keeps it (as a change of one's own name does, update-profile.ts). */
export async function renameAccount(tx: Tx, userId: string, name: string): Promise<void> {
  await tx.updateTable('users').set({ name }).where('id', '=', userId).execute();
  await tx.updateTable('companyMembers').set({ name }).where('userId', '=', userId).execute();
}
