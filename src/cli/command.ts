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
