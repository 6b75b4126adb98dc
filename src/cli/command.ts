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
