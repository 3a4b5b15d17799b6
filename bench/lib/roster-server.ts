import { join } from 'node:path';
import { SESSION_COOKIE } from '../../src/auth/authenticate.js';
import { COMPANY_TOKEN_KINDS, tokenTable, type CompanyTokenKind } from '../../src/auth/company-tokens.js';
import { hashSecret, newId, newSecret } from '../../src/auth/secrets.js';
import { createSession } from '../../src/commands/sessions-shared.js';
import type { Db } from '../../src/db/database.js';
import { freePort, startServerProcess, type ChildServer } from './child.js';
import type { BenchDatabase } from './database.js';
import type { LoadSpec } from './load.js';
import { ROSTER_MAIN } from './paths.js';

/** `roster serve` on a bench database, in a process of its own, as deployed but without rate limits. */
export async function startRoster(database: BenchDatabase, responseCacheMb = 32, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  return startServerProcess(
    ROSTER_MAIN,
    ['serve'],
    {
      DATABASE_URL: database.url,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      MAIL_URL: `file:${join(database.dir, 'mail')}`,
      RESPONSE_CACHE_MB: String(responseCacheMb),
      ...env,
    },
    port,
    '/api/v1/health',
  );
}

/**
 * A token of `companyId` made by `ownerId`, of a kind of COMPANY_TOKEN_KINDS (the permission check's
 * `api`, SCIM's `scim`): the secret to send as `Bearer`.
 */
export async function companyToken(db: Db, kind: CompanyTokenKind, companyId: string, ownerId: string): Promise<string> {
  const token = COMPANY_TOKEN_KINDS[kind].prefix + newSecret();
  await db.kysely
    .insertInto(tokenTable(kind))
    .values({ id: newId(), companyId, name: 'bench', tokenHash: hashSecret(token), createdBy: ownerId, createdAt: new Date().toISOString(), lastUsedAt: null, revokedAt: null })
    .execute();
  return token;
}

/** A company API token of `companyId` for the permission check, made by `ownerId`. */
export const companyApiToken = (db: Db, companyId: string, ownerId: string): Promise<string> => companyToken(db, 'api', companyId, ownerId);

/** A signed-in session's cookie header for `userId`. */
export async function sessionCookie(db: Db, userId: string): Promise<string> {
  const secret = await db.write((tx) => createSession(tx, userId, new Date()).then((session) => session.secret));
  return `${SESSION_COOKIE}=${secret}`;
}

/** The headers of a browser signed in with `cookie`: Chromium's Accept-Encoding, so that Roster sends what it sends a browser. */
export const browserHeaders = (cookie: string): Record<string, string> => ({ cookie, 'accept-encoding': 'gzip, deflate, br, zstd' });

/**
 * Writes for a mixed workload: after every nine reads, set a member's roles in their team, going
 * round `paths` and alternating between two sets so that every write is legal and changes something.
 */
export function roleToggles(paths: string[]): NonNullable<LoadSpec['writes']> {
  return {
    paths,
    bodies: [JSON.stringify({ roles: ['recruiter'] }), JSON.stringify({ roles: ['recruiter', 'work_diary'] })],
    readsPerWrite: 9,
  };
}
