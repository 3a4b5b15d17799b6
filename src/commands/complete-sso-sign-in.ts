import { NO_PASSWORD } from '../auth/passwords.js';
import { timingSafeEqual } from 'node:crypto';
import { hashSecret, newId } from '../auth/secrets.js';
import { isUniqueViolation, lockCompany, type Tx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { emailDomain } from '../domain/domains.js';
import { DomainError } from '../domain/errors.js';
import type { SsoFailureReason } from '../domain/sso.js';
import { invisibleInName, normalizeEmail, normalizeName } from '../domain/normalize.js';
import { loadMember } from '../model/members.js';
import { discover, exchangeCode, OidcFailure, type IdentityClaims } from '../oidc/relying-party.js';
import type { CommandContext } from './context.js';
import { lockUser } from './daily-limits.js';
import { joinAs } from './join-by-domain.js';
import { recordSecurityEvent } from './security-events.js';
import { createSession } from './sessions-shared.js';
import { coveringSso, openClientSecret, openLoginSecrets } from './sso-shared.js';

/**
 * A failed sign-in by single sign-on, with its reason (`SSO_FAILURE_REASONS`): `denied` (the person
 * or the provider refused), `state` (no such sign-in in this browser: a wrong, missing or reused
 * state, or one over 10 minutes old), `code` (the provider refused the code: expired or used),
 * `unverified` (the provider does not vouch for the email), `domain` (not a domain the company's
 * single sign-on covers), `unconfirmed` (an account with that email never confirmed it),
 * `unreachable` (the provider did not answer), `invalid` (any other answer that did not pass the
 * checks, or settings changed meanwhile).
 */
export class SsoSignInFailed extends Error {
  constructor(
    readonly reason: SsoFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'SsoSignInFailed';
  }
}

/** What a sign-in by single sign-on did. */
export interface SsoSignIn {
  user: User;
  sessionSecret: string;
  /** The page's path to go to. */
  next: string | null;
  accountCreated: boolean;
  joined: 'joined' | 'pending' | null;
}

/**
 * The provider's callback (§4 "Single sign-on"): the state must be the one this browser holds
 * (its cookie) and a sign-in started here, unused and under 10 minutes old (it is used up now,
 * whatever follows); the code is exchanged with the PKCE verifier, and the ID token checked by
 * openid-client (signature, issuer, audience, expiry, nonce). The email is taken only when
 * `email_verified` is true, and only at a domain the company's single sign-on covers. The account
 * is found by the provider's subject, else by that email (an account whose email is confirmed is
 * linked; one never confirmed is refused, `unconfirmed`), else made just in time, with the email
 * verified and no password. Someone not yet a member joins the company when it lets people join
 * by domain, as joining does. Then a session starts, as a password sign-in's does (the security log
 * says `sso`). Every failure is SsoSignInFailed with its reason, and writes no account, session,
 * link or membership.
 */
export async function completeSsoSignIn(ctx: CommandContext, input: { callbackUrl: URL; browserState: string | undefined }): Promise<SsoSignIn> {
  const params = input.callbackUrl.searchParams;
  const state = params.get('state');
  if (!state || !input.browserState || !sameSecret(state, input.browserState)) {
    throw new SsoSignInFailed('state', 'This sign-in was not started in this browser, or has been used already');
  }
  const stateHash = hashSecret(state);
  // Used up first, in a transaction of its own: of two callbacks with one state, one goes on.
  const login = await ctx.db.write((tx) => tx.deleteFrom('ssoLogins').where('stateHash', '=', stateHash).returningAll().executeTakeFirst());
  const now = ctx.now();
  if (!login || login.expiresAt <= now.toISOString()) {
    throw new SsoSignInFailed('state', 'This sign-in has expired or has been used already; start again');
  }
  const error = params.get('error');
  if (error !== null) {
    throw new SsoSignInFailed(error === 'access_denied' ? 'denied' : 'invalid', `The provider answered ${error}: ${params.get('error_description') ?? ''}`);
  }

  let opened: ReturnType<typeof openLoginSecrets>;
  try {
    opened = openLoginSecrets(ctx.settings, stateHash, login.secrets);
  } catch {
    // Sealed under another key (SECRET_KEY changed meanwhile): as a sign-in that is gone.
    throw new SsoSignInFailed('state', 'This sign-in can no longer be read; start again');
  }
  const { next, ...secrets } = opened;
  const sso = await ctx.db.kysely.selectFrom('companySso').selectAll().where('companyId', '=', login.companyId).executeTakeFirst();
  if (!sso || sso.issuer !== login.issuer) throw new SsoSignInFailed('invalid', 'The company’s single sign-on changed during the sign-in; start again');
  let claims: IdentityClaims;
  try {
    const config = await discover(sso.issuer, sso.clientId, openClientSecret(ctx.settings, sso.companyId, sso.clientSecret));
    claims = await exchangeCode(config, input.callbackUrl, { state, ...secrets });
  } catch (failure) {
    if (failure instanceof OidcFailure) throw new SsoSignInFailed(failure.kind, failure.message);
    throw failure;
  }
  if (claims.emailVerified !== true) throw new SsoSignInFailed('unverified', 'The provider does not say that this email address is verified');
  if (typeof claims.email !== 'string') throw new SsoSignInFailed('unverified', 'The provider sent no email address');
  const email = normalizeEmail(claims.email);
  const domain = emailDomain(email);
  const covering = domain === undefined ? undefined : await coveringSso(ctx.db.kysely, domain);
  if (!covering || covering.companyId !== login.companyId) {
    throw new SsoSignInFailed('domain', `The company’s single sign-on does not cover ${domain ?? email}`);
  }

  try {
    return await signIn(ctx, { companyId: login.companyId, next }, claims, email, now);
  } catch (error) {
    // Two first sign-ins of one person at once (two tabs): the unique indexes on the email and the
    // subject let one make the account; the other, run again, finds it.
    if (isUniqueViolation(error)) return signIn(ctx, { companyId: login.companyId, next }, claims, email, now);
    throw error;
  }
}

/** The writes of a sign-in whose provider's answer passed: the account, its link, joining, the session. */
function signIn(ctx: CommandContext, login: { companyId: string; next: string | null }, claims: IdentityClaims, email: string, now: Date): Promise<SsoSignIn> {
  return ctx.db.write(async (tx) => {
    const company = await lockCompany(tx, login.companyId);
    if (!company) throw new SsoSignInFailed('invalid', 'The company is gone');
    const found = await accountOf(tx, claims, email);
    if (found === 'unconfirmed') {
      throw new SsoSignInFailed('unconfirmed', 'An account with this email exists and its email was never confirmed: confirm it, or reset its password, then sign in again');
    }
    // The person's row lock, as every command that adds to an account takes: a deletion that
    // committed first leaves nothing to sign in to.
    if (found) await lockUser(tx, found.id);
    const user = found ?? (await createAccount(tx, email, claims, now));
    const link = await tx.selectFrom('ssoIdentities').select('userId').where('issuer', '=', claims.iss).where('subject', '=', claims.sub).executeTakeFirst();
    if (!link) {
      await tx.insertInto('ssoIdentities').values({ issuer: claims.iss, subject: claims.sub, userId: user.id, companyId: company.id, createdAt: now.toISOString() }).execute();
    } else if (link.userId !== user.id) {
      // The link of a deleted account: the subject is this account's now.
      await tx.updateTable('ssoIdentities').set({ userId: user.id, companyId: company.id, createdAt: now.toISOString() }).where('issuer', '=', claims.iss).where('subject', '=', claims.sub).execute();
    }
    let joined: SsoSignIn['joined'] = null;
    if (!(await loadMember(tx, company, user.id))) {
      try {
        joined = (await joinAs(tx, ctx, company, user, now)).status === 'joined' ? 'joined' : 'pending';
      } catch (refusal) {
        // Joining off, a request pending, the team hidden, past a daily limit: signed in, not joined.
        // Every refusal of joinAs comes before its writes.
        if (!(refusal instanceof DomainError)) throw refusal;
      }
    }
    const session = await createSession(tx, user.id, now, ctx.settings.sessionTtlDays, ctx);
    await recordSecurityEvent(tx, ctx, {
      userId: user.id,
      type: 'sign_in.succeeded',
      data: { sessionId: session.sessionId, method: 'sso', issuer: claims.iss, accountCreated: found === undefined, userAgent: ctx.userAgent ?? null },
      now,
    });
    return { user, sessionSecret: session.secret, next: login.next, accountCreated: found === undefined, joined };
  });
}

/** The account of the provider's subject, else of the email (confirmed), `unconfirmed`, or undefined: none. */
async function accountOf(tx: Tx, claims: IdentityClaims, email: string): Promise<User | 'unconfirmed' | undefined> {
  const linked = await tx
    .selectFrom('ssoIdentities as i')
    .innerJoin('users as u', 'u.id', 'i.userId')
    .selectAll('u')
    .where('i.issuer', '=', claims.iss)
    .where('i.subject', '=', claims.sub)
    .where('u.deletedAt', 'is', null)
    .executeTakeFirst();
  if (linked) return linked;
  const byEmail = await tx.selectFrom('users').selectAll().where('email', '=', email).where('deletedAt', 'is', null).executeTakeFirst();
  if (byEmail && byEmail.emailVerified !== 1) return 'unconfirmed';
  return byEmail;
}


async function createAccount(tx: Tx, email: string, claims: IdentityClaims, now: Date): Promise<User> {
  const user: User = {
    id: newId(),
    email,
    name: nameOf(claims, email),
    passwordHash: NO_PASSWORD,
    emailVerified: 1,
    createdAt: now.toISOString(),
    deletedAt: null,
    // Chosen by the person, on the page; until then their mail follows the request that caused it.
    language: null,
  };
  await tx.insertInto('users').values(user).execute();
  return user;
}

/** The provider's name for the person, stored as names are (§6), or the email's local part. */
function nameOf(claims: IdentityClaims, email: string): string {
  const name = typeof claims.name === 'string' ? normalizeName(claims.name).slice(0, 200) : '';
  if (name !== '' && invisibleInName(name) === undefined) return name;
  return email.slice(0, email.lastIndexOf('@'));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(hashSecret(a));
  const y = Buffer.from(hashSecret(b));
  return timingSafeEqual(x, y);
}
