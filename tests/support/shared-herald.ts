import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Browser files run two at a time, but the files on the shared server take turns:
 * they share the demo page, whose components one file's open incident holds at a
 * status another file's resolve reads back. The turn is a directory made atomically
 * in the shared server's data directory (with the holder's PID, so a crashed worker
 * does not block the rest); returns the function that gives it back.
 * tests/support/e2e-setup.ts takes it around every such file.
 */
export async function takeSharedHeraldTurn(): Promise<() => void> {
  const lock = path.join(inject('sharedHerald').dataDir, 'turn.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // being made or removed right now: look again
    }
    if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) rmSync(lock, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
