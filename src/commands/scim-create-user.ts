import { newId } from '../auth/secrets.js';
import { isUniqueViolation } from '../db/database.js';
import type { User } from '../db/schema.js';
import { storedName } from '../domain/normalize.js';
import { loadMember } from '../model/members.js';
import { requireScimUser, type ScimUserRecord } from '../model/scim.js';
import type { CommandContext } from './context.js';
import { NO_PASSWORD } from '../auth/passwords.js';
import { addTeamMembership, ensureCompanyMember } from './memberships.js';
import { inScim, scimRefusal, setActive, writeScimUser, type ScimAccess } from './scim-shared.js';
import type { ScimUserInput } from './scim-users-shared.js';

/**
 * SCIM creates a User (§4 "SCIM provisioning"): the account of that email (a new one, with the
 * email verified and no password: the person signs in through single sign-on), made a member of
 * the company's default team with no roles. An account that exists is linked only when its email
 * is verified, so that nobody who signed up with another's address joins the company in their
 * place. Refused, changing nothing: a member already, or an unverified account of that email
 * (409 `uniqueness`). One audit event, `member.provisioned` (and `member.suspended` for a User
 * created with `active: false`).
 */
export async function scimCreateUser(ctx: CommandContext, access: ScimAccess, input: ScimUserInput): Promise<ScimUserRecord> {
  try {
    return await inScim(ctx, access, async (scope) => {
      const { tx, company, now, audit } = scope;
      const name = storedName(input.name, 'name');
      const existing = await tx.selectFrom('users').selectAll().where('email', '=', input.email).where('deletedAt', 'is', null).executeTakeFirst();
      if (existing && (await loadMember(tx, company, existing.id))) {
        throw scimRefusal('ALREADY_MEMBER', 'uniqueness', 'A member of the company has this userName');
      }
      if (existing && existing.emailVerified !== 1) {
        throw scimRefusal('EMAIL_TAKEN', 'uniqueness', 'An account whose email is not verified holds this userName; its holder must verify it first');
      }
      const user: User = existing ?? {
        id: newId(),
        email: input.email,
        name,
        passwordHash: NO_PASSWORD,
        emailVerified: 1,
        createdAt: now.toISOString(),
        deletedAt: null,
        // A SCIM request speaks for the company's directory, not for the person: none chosen yet.
        language: null,
      };
      if (!existing) await tx.insertInto('users').values(user).execute();
      await ensureCompanyMember(tx, company.id, user, now);
      await addTeamMembership(tx, { companyId: company.id, teamId: company.defaultTeamId, userId: user.id }, [], now);
      await writeScimUser(tx, {
        companyId: company.id,
        userId: user.id,
        externalId: input.externalId,
        givenName: input.givenName,
        familyName: input.familyName,
        provisioned: existing ? 0 : 1,
        updatedAt: now.toISOString(),
      });
      await audit({
        type: 'member.provisioned',
        targetId: user.id,
        teamId: company.defaultTeamId,
        data: { email: user.email, accountCreated: !existing, externalId: input.externalId },
      });
      // Created inactive: suspended at once, as a later `active: false` would.
      if (!input.active) await setActive(scope, user.id, false);
      return requireScimUser(tx, company.id, user.id);
    });
  } catch (error) {
    // Two creations of one email at once (here or in another company): the unique index refuses the second.
    if (isUniqueViolation(error)) throw scimRefusal('EMAIL_TAKEN', 'uniqueness', 'An account with this userName was made at the same moment; try again');
    throw error;
  }
}
