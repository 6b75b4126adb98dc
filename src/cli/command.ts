import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';

/**
 * What every `herald <command>` is. In its own module so that the commands and
 * run-cli.ts, which lists them, do not import each other.
 */
export interface CliFlags {
  help: boolean;
  noBuild: boolean;
}

export interface Command {
  summary: string;
  usage: string;
  run(config: Config, flags: CliFlags): Promise<number>;
}

/** Where a command writes; tests pass their own to run it in-process. */
export interface CommandIo {
  log(message: string): void;
  error(message: string): void;
}

export const consoleIo: CommandIo = {
  log: (message) => console.log(message),
  error: (message) => console.error(message),
};

/**
 * A command with options of its own. run-cli.ts passes only --help and --no-build on,
 * so such a command reads argv itself: everything after its name.
 */
export function commandWithOptions(name: string, summary: string, usage: string, run: (args: string[], config: Config) => Promise<number>): Command {
  return {
    summary,
    usage,
    run(config: Config): Promise<number> {
      const argv = process.argv.slice(2);
      return run(argv.slice(argv.indexOf(name) + 1), config);
    },
  };
}

const COMMON_OPTIONS = { help: { type: 'boolean', short: 'h' }, 'no-build': { type: 'boolean' } } as const;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type OptionValues<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>['values'];

/**
 * Reads `herald <name> <subcommand> [options]`. `--help` prints the usage (exit 0); a bad
 * option or a missing, unknown or extra subcommand is an error (exit 2). Otherwise the
 * subcommand and the options' values.
 */
export function readSubcommand<const O extends OptionsConfig, S extends string>(
  name: string,
  usage: string,
  subcommands: readonly S[],
  args: string[],
  options: O,
  io: CommandIo,
): { sub: S; values: OptionValues<O> } | number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...options, ...COMMON_OPTIONS } });
  } catch (error) {
    io.error(`herald ${name}: ${(error as Error).message}. Run "herald ${name} --help".`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, extra] = positionals;
  if ((values as { help?: boolean }).help === true) {
    io.log(usage);
    return 0;
  }
  if (sub === undefined) {
    io.error(usage);
    return 2;
  }
  if (!(subcommands as readonly string[]).includes(sub) || extra !== undefined) {
    io.error(`herald ${name}: unknown subcommand "${positionals.join(' ')}". Run "herald ${name} --help".`);
    return 2;
  }
  return { sub: sub as S, values: values as OptionValues<O> };
}
