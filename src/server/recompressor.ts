import { type CachedResponse, recompressAtMax } from './cached-response.ts';

/**
 * Brings kept responses to the best compression (brotli 11, gzip 9) after they
 * were first served cheaply compressed: once changes have settled for `quietMs`,
 * and one response at a time on zlib's thread pool. Brotli 11 of the home page is
 * about half a second of CPU; during an incident, when changes come every few
 * seconds, recompressing each version at once would take a core away from
 * rebuilding and rendering the next one. A response replaced meanwhile is skipped.
 */
export interface Recompressor {
  /** `current` gives the response now kept under the key; `replace` swaps in the better one. */
  schedule(key: string, current: () => CachedResponse | undefined, replace: (better: CachedResponse) => void): void;
}

interface Pending {
  current: () => CachedResponse | undefined;
  replace: (better: CachedResponse) => void;
}

export function createRecompressor(options: { quietMs?: number; log: (message: string) => void }): Recompressor {
  const quietMs = options.quietMs ?? 1_000;
  const pending = new Map<string, Pending>();
  let timer: NodeJS.Timeout | null = null;
  let working = false;

  const work = async (): Promise<void> => {
    working = true;
    try {
      for (const [key, job] of pending) {
        pending.delete(key);
        const response = job.current();
        if (response === undefined) continue;
        try {
          const better = await recompressAtMax(response);
          if (job.current() === response) job.replace(better);
        } catch (error) {
          options.log(`Could not recompress ${key}: ${(error as Error).message}`);
        }
      }
    } finally {
      working = false;
      if (pending.size > 0) wait();
    }
  };

  const wait = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!working) void work();
    }, quietMs);
    timer.unref();
  };

  return {
    schedule(key, current, replace) {
      pending.set(key, { current, replace });
      wait();
    },
  };
}
