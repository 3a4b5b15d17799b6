/** What sign-up and resend-verification share: the verification mail and how long its link works. */

import { hashSecret, newSecret } from '../auth/secrets.js';
import type { Tx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import { mailLanguage, verificationMessage } from '../mail/templates.js';
import type { CommandContext } from './context.js';

const VERIFICATION_TTL_HOURS = 48;

/** Queues the email that proves the user owns their address. */
export async function queueVerification(tx: Tx, ctx: CommandContext, user: Pick<User, 'id' | 'name' | 'email' | 'language'>, now: Date): Promise<void> {
  const token = newSecret();
  await tx
    .insertInto('emailVerifications')
    .values({
      tokenHash: hashSecret(token),
      userId: user.id,
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + VERIFICATION_TTL_HOURS * 3_600_000).toISOString(),
      usedAt: null,
    })
    .execute();
  const message = verificationMessage(mailLanguage(user.language, ctx.requestLanguage), { name: user.name, verifyUrl: `${ctx.settings.baseUrl}/verify-email/${token}` });
  await enqueueMail(tx, { kind: 'email-verification', to: user.email, ...message }, now, ctx.settings.secretKey);
}
