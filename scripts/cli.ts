/** Small helpers shared by the command-line scripts (and the benchmarks). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../src/config';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command line the script does not understand: it stops before it touches anything, and says how to call it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** Exit code of a command line refused (as POSIX utilities use it), apart from 1: the work failed. */
export const USAGE_EXIT_CODE = 2;

/**
 * The script's command line, read by `node:util` parseArgs in strict mode: an unknown option (`--dryrun` for
 * `--dry-run`), a missing value, a value given to a switch, or an argument where none is taken is a UsageError,
 * never ignored. `--help` prints `usage` and exits 0. `positionals`: how many plain arguments are taken.
 */
export function commandLine<const O extends Options>(usage: string, options: O, positionals = 0) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    // Node's first line is the reason ("Unknown option '--dryrun'"); the rest is advice about dashes.
    throw new UsageError((error as Error).message.split('\n')[0], usage);
  }
  if (parsed.positionals.length > positionals)
    throw new UsageError(`Unexpected argument '${parsed.positionals[positionals]}'`, usage);
  return parsed;
}

/** Runs a script's main, printing a one-line reason and exiting non-zero on failure. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`error: ${error.message}\nusage: ${error.usage}`);
        process.exit(USAGE_EXIT_CODE);
      }
      if (error instanceof ConfigError || error instanceof RangeError) console.error(`error: ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}
