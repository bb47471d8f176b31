/** Small helpers shared by the command-line scripts. */
import { ConfigError } from '../src/config';

/** `--name value` or `--name=value` from argv. */
export function option(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

export function flag(argv: string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

/** Runs a script's main, printing a one-line reason and exiting non-zero on failure. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof RangeError) console.error(`error: ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}
