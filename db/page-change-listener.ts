import pg from 'pg';

/** The channel bump_page_version() notifies on every change to a public table. */
export const PAGE_VERSION_CHANNEL = 'herald_page_version';

export interface PageChangeListener {
  /** True while the LISTEN connection is up: the store may then poll less often. */
  listening(): boolean;
  stop(): Promise<void>;
}

export interface PageChangeListenerOptions {
  connection: pg.ClientConfig;
  /** Called on every notification, and whenever the connection is lost or (re)made. */
  onChange: () => void;
  retryMs?: number;
  log?: (message: string) => void;
}

/**
 * Listens on PostgreSQL for changes to what the public page shows, on one
 * connection of its own, so a change committed by any process (another web
 * process, `herald worker`, the CLI) reaches this one's snapshot at once. A lost
 * connection is reported as a change (the store's next poll then finds out
 * whether the database is down) and made again after `retryMs`.
 */
export function listenForPageChanges(options: PageChangeListenerOptions): PageChangeListener {
  const retryMs = options.retryMs ?? 2_000;
  const log = options.log ?? ((message: string): void => console.log(message));
  let client: pg.Client | null = null;
  let up = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const scheduleRetry = (): void => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
  };

  const lost = (current: pg.Client): void => {
    if (client !== current) return;
    client = null;
    if (up) log('Lost the database notification connection; polling until it is back.');
    up = false;
    current.end().catch(() => {});
    options.onChange();
    scheduleRetry();
  };

  const connect = async (): Promise<void> => {
    const current = new pg.Client({ connectionTimeoutMillis: 5_000, ...options.connection });
    client = current;
    current.on('error', () => lost(current));
    current.on('end', () => lost(current));
    current.on('notification', (message) => {
      if (message.channel === PAGE_VERSION_CHANNEL) options.onChange();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${PAGE_VERSION_CHANNEL}`);
      if (stopped || client !== current) return void current.end().catch(() => {});
      up = true;
      // Whatever changed while not listening.
      options.onChange();
    } catch {
      lost(current);
    }
  };

  void connect();
  return {
    listening: () => up,
    async stop(): Promise<void> {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      up = false;
      await current?.end().catch(() => {});
    },
  };
}
