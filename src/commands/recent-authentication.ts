import { DomainError } from '../domain/errors.js';
import type { CommandContext } from './context.js';

/** How long a sign-in counts as recent for a sensitive change (ASVS 7.5). */
export const RECENT_AUTHENTICATION_MS = 10 * 60_000;

/**
 * Refuses a sensitive change (§ "Two-factor and recent sign-in") unless the caller's session proved
 * who it is — sign-in, or signing in again — within the last 10 minutes. An API token has no such
 * moment, so it never passes. Called first by the commands it guards, before anything is read.
 */
export function requireRecentAuthentication(ctx: CommandContext): void {
  const at = ctx.sessionAuthenticatedAt === undefined ? Number.NaN : new Date(ctx.sessionAuthenticatedAt).getTime();
  if (ctx.signedInWith === 'token' || !(ctx.now().getTime() - at <= RECENT_AUTHENTICATION_MS)) {
    throw new DomainError('REAUTHENTICATION_REQUIRED', 'Confirm it is you: sign in again with your password', {
      reauthenticate: '/api/v1/me/reauthenticate',
    });
  }
}
