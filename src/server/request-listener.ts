import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../services.ts';
import type { AstroApp } from './astro-app.ts';
import { type CachedResponse, sendCachedResponse } from './cached-response.ts';
import type { PageCache } from './page-cache.ts';
import { publicCacheKey } from './public-routes.ts';
import type { SnapshotStore } from './snapshot-store.ts';

export interface ListenerParts {
  app: AstroApp;
  cache: PageCache;
  store: SnapshotStore;
  staticFiles: Map<string, CachedResponse>;
  services: Services;
  /** Resolves true when the database answers a trivial query in time. */
  databaseReady: () => Promise<boolean>;
  log: (message: string) => void;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The front of Herald: health checks, the snapshot routes and static files are
 * answered from memory, before Astro's per-request work; everything else goes to
 * Astro. This is what keeps the public page fast on incident day.
 */
export function createRequestListener(parts: ListenerParts): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, cache, store, staticFiles } = parts;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    if (url === '/healthz') return sendText(res, 200, 'ok\n');
    if (url === '/readyz') {
      const ready = await parts.databaseReady();
      return sendText(res, ready ? 200 : 503, ready ? 'ready\n' : 'database unreachable\n');
    }
    const key = publicCacheKey(req.method, url);
    if (key !== null) {
      const response = await cache.get(key);
      const { snapshot, staleSince } = store.state();
      const age = Math.max(0, Math.round((parts.services.now().getTime() - Date.parse(snapshot.builtAt)) / 1000));
      return sendCachedResponse(req, res, response, {
        'x-snapshot-age': String(age),
        ...(staleSince === null ? {} : { 'x-snapshot-stale-since': staleSince }),
      });
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = staticFiles.get(url.split('?')[0] ?? url);
      if (file) return sendCachedResponse(req, res, file);
    }
    const { snapshot, staleSince } = store.state();
    await app.handle(req, res, { snapshot, staleSince, services: parts.services, user: null, session: null });
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      parts.log(`Error serving ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendText(res, 503, 'This page is temporarily unavailable. Please try again in a moment.\n');
      else res.destroy();
    });
  };
}
