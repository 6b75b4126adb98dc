import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

/**
 * The Herald started once per e2e run by tests/support/e2e-global-setup.ts. Files
 * that use it must not depend on what other files do to it: they use their own
 * accounts, titles and addresses, and look for their own rows, not at counts of all.
 */

/** The shared server's settings besides HERALD_DATA_DIR: the demo page, PUBLIC_URL, mail to the outbox. */
export const SHARED_HERALD_SETTINGS = { PUBLIC_URL: 'https://status.example.com' } as const;

export interface SharedHeraldInfo {
  url: string;
  dataDir: string;
  /** The environment it runs with, for `herald user create` against the same database. */
  env: Record<string, string>;
  logFile: string;
}

export interface SharedHerald extends SharedHeraldInfo {
  /** Its output so far, for failure messages. */
  output(): string;
}

export function sharedHerald(): SharedHerald {
  const info = inject('sharedHerald');
  return { ...info, output: () => readFileSync(info.logFile, 'utf8') };
}
