import { isUniqueViolation } from '../db/database.js';
import { storedName } from '../domain/normalize.js';
import { requireScimUser, type ScimUserRecord } from '../model/scim.js';
import type { CommandContext } from './context.js';
import { inScim, scimRefusal, setActive, writeScimUser, type ScimAccess } from './scim-shared.js';
import { renameAccount, scimFields, type ScimUserInput } from './scim-users-shared.js';

/**
 * SCIM replaces (PUT) or patches (PATCH) a User: `decide` is given the member as they are, read
 * under the company's lock, and answers what they are to become (the route checks `If-Match`
 * there and applies the request to it). What SCIM may change (§4 "SCIM provisioning"): the
 * `externalId` and the given and family names it keeps for the company; the account's name and
 * email only for an account this company's SCIM made (another account's email is its holder's:
 * 400 `mutability`; an email another account has: 409 `uniqueness`). Nothing changed: nothing
 * written, no audit event; else one, `member.scim_updated`, with the fields before and after.
 * `active` suspends or reinstates the member (`setActive`), with that change's own event.
 */
export async function scimUpdateUser(
  ctx: CommandContext,
  access: ScimAccess,
  userId: string,
  decide: (current: ScimUserRecord) => Promise<ScimUserInput>,
): Promise<ScimUserRecord> {
  try {
    return await inScim(ctx, access, async (scope) => {
      const { tx, company, now, audit } = scope;
      const current = await requireScimUser(tx, company.id, userId);
      const desired = await decide(current);
      const name = current.provisioned ? storedName(desired.name, 'name') : current.name;
      if (desired.email !== current.email) {
        if (!current.provisioned) {
          throw scimRefusal('VALIDATION_FAILED', 'mutability', 'This account was not made by this company’s SCIM: its email is its holder’s to change');
        }
        const taken = await tx.selectFrom('users').select('id').where('email', '=', desired.email).where('id', '!=', userId).executeTakeFirst();
        if (taken) throw scimRefusal('EMAIL_TAKEN', 'uniqueness', 'Another account has this userName');
        await tx.updateTable('users').set({ email: desired.email, emailVerified: 1 }).where('id', '=', userId).execute();
        await tx.updateTable('companyMembers').set({ email: desired.email }).where('userId', '=', userId).execute();
      }
      if (name !== current.name) await renameAccount(tx, userId, name);
      const activeChanged = desired.active !== current.active && (await setActive(scope, userId, desired.active));
      const after = { ...scimFields(current), email: desired.email, name, givenName: desired.givenName, familyName: desired.familyName, externalId: desired.externalId };
      const before = scimFields(current);
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((key) => key !== 'active' && before[key] !== after[key]);
      if (changed.length === 0) return activeChanged ? requireScimUser(tx, company.id, userId) : current;
      await writeScimUser(tx, {
        companyId: company.id,
        userId,
        externalId: desired.externalId,
        givenName: desired.givenName,
        familyName: desired.familyName,
        provisioned: current.provisioned ? 1 : 0,
        updatedAt: now.toISOString(),
      });
      await audit({
        type: 'member.scim_updated',
        targetId: userId,
        data: { before: Object.fromEntries(changed.map((key) => [key, before[key]])), after: Object.fromEntries(changed.map((key) => [key, after[key]])) },
      });
      return requireScimUser(tx, company.id, userId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw scimRefusal('EMAIL_TAKEN', 'uniqueness', 'Another account has this userName');
    throw error;
  }
}
