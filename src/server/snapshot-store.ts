import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import { loadSnapshot, readSnapshotVersion } from '../status/load-snapshot.ts';
import type { PageSnapshot } from '../status/snapshot.ts';

/**
 * Keeps the public snapshot current. Every process polls the page_version row
 * (bumped by triggers on every public table), so a change made anywhere — another
 * web process, the CLI, a worker — is picked up within a poll interval. On
 * PostgreSQL the triggers also notify, and a listening process is told at once
 * (db/page-change-listener.ts): it then polls only every `quietPollMs`, for the
 * database's health and time-driven changes. While the
 * database is unreachable the last good snapshot keeps being served, and it is
 * also written to disk so a server that starts during an outage can serve it.
 */
export interface SnapshotState {
  snapshot: PageSnapshot;
  /** ISO time since when the database has been unreachable, or null. */
  staleSince: string | null;
  /** Grows by one on every change of what should be rendered. */
  generation: number;
}

export interface SnapshotStore {
  state(): SnapshotState;
  /** Polls once: rebuilds when the version moved, the clock asks for it, or health changed. */
  tick(): Promise<void>;
  /** Starts polling every `pollMs`. */
  start(): void;
  stop(): void;
  onChange(listener: (state: SnapshotState) => void): void;
  /** False while the last poll could not reach the database. */
  databaseReachable(): boolean;
}

export interface SnapshotStoreOptions {
  db: Db;
  publicUrl: string;
  dataDir: string;
  pollMs?: number;
  /** True while changes are notified (LISTEN): polls are then `quietPollMs` apart. */
  listening?: () => boolean;
  quietPollMs?: number;
  /** Rebuild at least this often, for time-driven changes (uptime day, maintenance windows). */
  maxAgeMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

export function snapshotFile(dataDir: string): string {
  return path.join(dataDir, 'snapshot.json');
}

/** The last good snapshot saved on disk, or null. */
export function readSnapshotFromDisk(dataDir: string): PageSnapshot | null {
  try {
    const parsed = JSON.parse(readFileSync(snapshotFile(dataDir), 'utf8')) as PageSnapshot;
    return typeof parsed.version === 'string' && Array.isArray(parsed.components) ? parsed : null;
  } catch {
    return null;
  }
}

function writeSnapshotToDisk(dataDir: string, snapshot: PageSnapshot): void {
  mkdirSync(dataDir, { recursive: true });
  const file = snapshotFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, file); // atomic: a reader never sees half a file
}

/** Everything but the build time: two snapshots that render the same compare equal. */
function contentKey(snapshot: PageSnapshot): string {
  return JSON.stringify({ ...snapshot, builtAt: null });
}

/**
 * Creates a store around an initial snapshot: freshly built, or read from disk
 * (then `staleSince` is set until the database answers).
 */
export function createSnapshotStore(
  initial: { snapshot: PageSnapshot; staleSince: string | null },
  options: SnapshotStoreOptions,
): SnapshotStore {
  const now = options.now ?? ((): Date => new Date());
  const log = options.log ?? ((message: string): void => console.log(message));
  const pollMs = options.pollMs ?? 1_000;
  const quietPollMs = options.quietPollMs ?? 5_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const listeners: ((state: SnapshotState) => void)[] = [];
  let state: SnapshotState = { ...initial, generation: 1 };
  let lastKey = contentKey(initial.snapshot);
  let lastBuild = initial.staleSince === null ? now().getTime() : 0;
  let reachable = initial.staleSince === null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let followUp: Promise<void> | null = null;
  let lastPollStarted = 0;

  if (initial.staleSince === null) writeSnapshotToDisk(options.dataDir, initial.snapshot);

  const publish = (next: Omit<SnapshotState, 'generation'>): void => {
    state = { ...next, generation: state.generation + 1 };
    for (const listener of listeners) listener(state);
  };

  const poll = async (): Promise<void> => {
    const at = now();
    let version: string;
    try {
      version = await readSnapshotVersion(options.db);
    } catch (error) {
      if (reachable || state.staleSince === null) {
        reachable = false;
        const since = at.toISOString();
        log(`Database unreachable (${(error as Error).message}); serving the snapshot built at ${state.snapshot.builtAt}.`);
        publish({ snapshot: state.snapshot, staleSince: since });
      }
      return;
    }
    const recovered = !reachable;
    const sameDay = state.snapshot.builtAt.slice(0, 10) === at.toISOString().slice(0, 10);
    if (!recovered && version === state.snapshot.version && sameDay && at.getTime() - lastBuild < maxAgeMs) return;
    try {
      const snapshot = await loadSnapshot(options.db, { now: at, publicUrl: options.publicUrl });
      lastBuild = at.getTime();
      reachable = true;
      if (recovered) log('Database reachable again; the public page is live.');
      const key = contentKey(snapshot);
      if (key === lastKey && !recovered) {
        state = { ...state, snapshot };
        return;
      }
      lastKey = key;
      writeSnapshotToDisk(options.dataDir, snapshot);
      publish({ snapshot, staleSince: null });
    } catch (error) {
      // The version answered but the build failed (connection dropped mid-way):
      // the next tick tries again; the current snapshot stays.
      log(`Could not rebuild the public snapshot: ${(error as Error).message}`);
    }
  };

  // A tick during a poll may be for a change that poll read too early (it asked for
  // the version before the change committed): it gets one more poll, right after.
  const tick = (): Promise<void> => {
    if (running) {
      followUp ??= running.then(() => {
        followUp = null;
        return tick();
      });
      return followUp;
    }
    lastPollStarted = performance.now();
    running = poll().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    state: () => state,
    tick,
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (options.listening?.() === true && performance.now() - lastPollStarted < quietPollMs) return;
        void tick();
      }, pollMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    onChange(listener): void {
      listeners.push(listener);
    },
    databaseReachable: () => reachable,
  };
}
