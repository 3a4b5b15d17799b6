import { issuePasswordResetLink } from '../../commands/issue-password-reset-link.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { normalizeEmail } from '../../domain/normalize.js';
import { listAllCompanies } from '../../queries/operator.js';
import { startServer } from '../../server.js';
import { EXIT, required, type CliCommand } from '../program.js';
import { withDatabase } from './shared.js';

export const serve: CliCommand = {
  name: 'serve',
  summary: 'migrate the database, then serve the API and the page',
  help: `Usage: roster serve

Migrates the database, then serves the API and the page, delivers mail from the outbox and prunes
the security log, until SIGTERM or SIGINT (then it lets requests in flight finish, up to
SHUTDOWN_TIMEOUT_S). Configured by the environment: docs/OPERATIONS.md.
`,
  options: {},
  run: async () => {
    const server = await startServer();
    const shutdown = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down');
      // stop() cuts the connections left at SHUTDOWN_TIMEOUT_S; should closing the database or the
      // mail transport then hang, the process still ends a little later.
      setTimeout(() => {
        server.app.log.error('shutdown did not finish in time: exiting');
        process.exit(EXIT.failed);
      }, (server.config.shutdownTimeoutSeconds + 5) * 1000).unref();
      void server.stop().then(
        () => process.exit(EXIT.ok),
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(EXIT.failed);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    return null;
  },
};

export const migrate: CliCommand = {
  name: 'migrate',
  summary: 'bring the database schema up to date and exit',
  help: `Usage: roster migrate

Applies the migrations the database has not had yet (DATABASE_URL), printing each, and exits.
`,
  options: {},
  run: async (_values, io) => {
    const config = loadConfig();
    const db = openDatabase(config.databaseUrl);
    try {
      const { results } = await db.migrate();
      for (const result of results ?? []) io.stdout.write(`${result.status}: ${result.migrationName}\n`);
      if (!results?.length) io.stdout.write('The database is up to date.\n');
    } finally {
      await db.close();
    }
    return EXIT.ok;
  },
};

export const companiesList: CliCommand = {
  name: 'companies list',
  summary: 'every company: id, name, owner, members',
  help: `Usage: roster companies list [--json]

Lists every company by name: its id, name, owner's email, member count and creation time, as a
table, or with --json as JSON Lines.
`,
  options: { json: { type: 'boolean' } },
  run: async (values, io) =>
    withDatabase(async (db) => {
      const companies = await listAllCompanies(db);
      if (values.json === true) {
        for (const company of companies) io.stdout.write(`${JSON.stringify({ ...company, members: Number(company.members) })}\n`);
        return EXIT.ok;
      }
      const rows = [['id', 'name', 'owner', 'members', 'created'], ...companies.map((c) => [c.id, c.name, c.ownerEmail, String(c.members), c.createdAt])];
      const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
      for (const row of rows) io.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}\n`);
      if (companies.length === 0) io.stdout.write('(no companies)\n');
      return EXIT.ok;
    }),
};

export const passwordResetLink: CliCommand = {
  name: 'password-reset-link',
  summary: 'a password-reset link for an account, printed instead of mailed',
  help: `Usage: roster password-reset-link --email EMAIL

Prints a link that sets a new password for the account with this email (valid 60 minutes; it
replaces any older link), for an operator whose mail is down. Give it to its owner only: it is as
good as their password. Recorded in the person's security log.
`,
  options: { email: { type: 'string' } },
  run: async (values, io) => {
    const email = normalizeEmail(required(values, 'email'));
    return withDatabase(async (db, config) => {
      const { url, expiresAt } = await issuePasswordResetLink({ db, settings: config, actorId: null, now: () => new Date(), userAgent: 'roster command line' }, email);
      io.stdout.write(`${url}\n`);
      io.stderr.write(`valid until ${expiresAt}\n`);
      return EXIT.ok;
    });
  },
};
