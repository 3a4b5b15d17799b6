#!/usr/bin/env node
import { auditLog, membersExport } from './commands/exports.js';
import { invitationsImport } from './commands/invitations.js';
import { companiesList, migrate, passwordResetLink, serve } from './commands/operations.js';
import { EXIT, runCli } from './program.js';

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
