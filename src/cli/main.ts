#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { auditLog, membersExport } from './commands/exports.js';
import { invitationsImport } from './commands/invitations.js';
import { companiesList, migrate, passwordResetLink, serve } from './commands/operations.js';
import { EXIT, runCli } from './program.js';

// A request's objects die with it. V8's allocation-site pretenuring guesses otherwise when many of
// them outlive a young collection while a long request runs (a chunk of an export being assembled)
// and then allocates every later object of those sites in the old generation, which an export of
// 100,000 members grew by up to 150 MB of garbage in 9 runs of 12; without it the export stays
// 35–48 MB above idle, and pages are served as fast (docs/PERFORMANCE.md, "The export's memory").
setFlagsFromString('--no-allocation-site-pretenuring');

/** Every command of `roster`, in the order its help lists them. */
const COMMANDS = [serve, migrate, companiesList, membersExport, invitationsImport, auditLog, passwordResetLink];

runCli(process.argv.slice(2), COMMANDS, { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`roster: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT.failed;
  },
);
