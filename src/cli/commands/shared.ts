import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import type { CommandContext } from '../../commands/context.js';
import { loadConfig, type Config } from '../../config.js';
import { openDatabase, type Db } from '../../db/database.js';
import { DomainError } from '../../domain/errors.js';
import { companyFacts, userIdByEmail } from '../../queries/operator.js';
import type { CliIo } from '../program.js';

/** The database of the environment's configuration, open for `work`, closed after. */
export async function withDatabase<T>(work: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl, { groupCommit: config.sqliteGroupCommit });
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

/** A command context acting as a person, as a request signed in as them would (no session: nothing "recent"). */
export const actingAs = (db: Db, config: Config, userId: string): CommandContext => ({
  db,
  settings: config,
  actorId: userId,
  now: () => new Date(),
  userAgent: 'roster command line',
});

/**
 * Whom a command acts as in a company: the person `--as` names (their rights apply, as in the
 * API), or else the company's owner. NOT_FOUND (exit 3) for an unknown company or person.
 */
export async function actorIn(db: Db, companyId: string, asEmail: string | undefined): Promise<{ userId: string; members: number }> {
  const company = await companyFacts(db, companyId);
  if (!company) throw new DomainError('NOT_FOUND', `No company ${companyId}`);
  if (asEmail === undefined) return { userId: company.ownerId, members: company.members };
  const userId = await userIdByEmail(db, asEmail);
  if (!userId) throw new DomainError('NOT_FOUND', `No account with the email ${asEmail}`);
  return { userId, members: company.members };
}

/**
 * Writes an export's bytes to the file (or stdout), counting its rows on a progress bar when
 * stderr is a terminal (and the output is not that terminal): quiet in scripts and pipes.
 */
export async function writeExport(body: Readable, output: string | undefined, io: CliIo, expectedRows: number): Promise<number> {
  let rows = 0;
  const showProgress = io.stderr.isTTY === true && (output !== undefined || io.stdout.isTTY !== true);
  const bar = showProgress ? progressBar(io, expectedRows) : undefined;
  const counting = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      for (const byte of Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)) if (byte === 10) rows++;
      bar?.update(Math.min(rows, expectedRows));
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counting, output === undefined ? io.stdout : createWriteStream(output));
  } finally {
    bar?.stop();
  }
  return rows;
}

/** A progress bar of rows on standard error, started; the caller shows it only on a terminal. */
export function progressBar(io: CliIo, total: number): SingleBar {
  const bar = new SingleBar({ stream: io.stderr, format: ' {bar} {value}/{total} rows', hideCursor: true });
  bar.start(Math.max(total, 1), 0);
  return bar;
}
