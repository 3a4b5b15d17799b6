import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError } from '../domain/errors.js';

/** What the exit codes mean (docs/OPERATIONS.md "The command line"). */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Failed: the database could not be reached, a file could not be written, anything unexpected. */
  failed: 1,
  /** The command line was wrong: an unknown command or option, a value missing or malformed. */
  usage: 2,
  /** Refused by Roster's rules, as the API would refuse it (the code and why are printed). */
  refused: 3,
} as const;

/** Where a command writes: its output on stdout, everything for the person at the terminal on stderr. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

export interface CliCommand {
  /** As typed: `companies list`. */
  name: string;
  summary: string;
  /** The command's own help: its usage line and options. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs with the parsed options; resolves to the exit code, or null while it keeps running (serve). */
  run(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number | null>;
}

/** A required option's value, or a UsageError naming it. */
export function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** One of the allowed values of an option, or a UsageError listing them. */
export function oneOf<T extends string>(value: string | boolean | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
}

const usageOf = (commands: readonly CliCommand[]) => `Usage: roster <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(22)}${command.summary}`).join('\n')}

Run \`roster <command> --help\` for a command's options. The database and the rest come from the
environment, as for \`roster serve\` (DATABASE_URL, BASE_URL, SECRET_KEY…; docs/OPERATIONS.md).
Exit codes: 0 done, 1 failed, 2 wrong command line, 3 refused by a rule.
`;

/**
 * Runs the command the arguments name. Help goes to stdout (it was asked for); errors go to
 * stderr with an exit code that says what kind they are.
 */
export async function runCli(argv: readonly string[], commands: readonly CliCommand[], io: CliIo): Promise<number | null> {
  const usage = usageOf(commands);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(usage);
    return EXIT.ok;
  }
  // The longest command name the arguments start with: `companies list` before `companies`.
  const command = [...commands]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((candidate) => candidate.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    io.stderr.write(`roster: unknown command "${argv.join(' ')}"\n\n${usage}`);
    return EXIT.usage;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  try {
    const { values } = parseArgs({ args: [...rest], options: command.options, strict: true, allowPositionals: false });
    return await command.run(values as Record<string, string | boolean | undefined>, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`roster ${command.name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    if (error instanceof DomainError) {
      io.stderr.write(`roster ${command.name}: refused, ${error.code}: ${error.message}\n`);
      return EXIT.refused;
    }
    throw error;
  }
}
