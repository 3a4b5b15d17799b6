#!/usr/bin/env node
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { startServer } from '../server.js';

const USAGE = `Usage: roster <command>

Commands:
  serve     migrate the database, then serve the API (configured by the environment; see README)
  migrate   bring the database schema up to date and exit
`;

/** Runs a command; resolves to its exit code, or to null while the server keeps running. */
async function main(argv: string[]): Promise<number | null> {
  const command = argv[0];
  if (command === 'serve') {
    const server = await startServer();
    const shutdown = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down');
      // stop() cuts the connections left at SHUTDOWN_TIMEOUT_S; should closing the database or the
      // mail transport then hang, the process still ends a little later.
      setTimeout(() => {
        server.app.log.error('shutdown did not finish in time: exiting');
        process.exit(1);
      }, (server.config.shutdownTimeoutSeconds + 5) * 1000).unref();
      void server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    return null;
  }
  if (command === 'migrate') {
    const config = loadConfig();
    const db = openDatabase(config.databaseUrl);
    const { results } = await db.migrate();
    for (const result of results ?? []) console.log(`${result.status}: ${result.migrationName}`);
    if (!results?.length) console.log('The database is up to date.');
    await db.close();
    return 0;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
