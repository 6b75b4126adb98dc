import type { Services } from '../services.ts';
import type { AstroApp } from './astro-app.ts';
import { buildCachedResponse, type CachedResponse } from './cached-response.ts';
import { createRecompressor } from './recompressor.ts';
import { findIncident } from '../status/selectors.ts';
import { findComponent } from '../status/component-view.ts';
import { componentIdOfKey, EAGER_PATHS, isBadgeKey, isCrossOriginReadable, missingComponentKey } from './public-routes.ts';
import { BADGE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, securityHeadersFor } from './security-headers.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { createArchivePages } from './archive-pages.ts';
import type { PageSnapshot } from '../status/snapshot.ts';

/**
 * Rendered public responses, one per cache key and snapshot generation. Astro
 * renders each once per change; every other request is a map lookup. The common
 * routes are rendered as soon as the snapshot changes; the rest on first request.
 */
export interface PageCache {
  get(key: string): Promise<CachedResponse>;
  /** Renders the eager routes for the current generation. */
  warm(): Promise<void>;
  size(): number;
}

const MAX_ENTRIES = 2_000;
const INCIDENT_KEY = /^\/incidents\/([^/?]+)$/;
/** A path no incident has (ids are [a-z0-9]): renders the incident page's 404. */
const MISSING_INCIDENT_KEY = '/incidents/-';

interface Entry {
  generation: number;
  response: CachedResponse;
}

export function createPageCache(app: AstroApp, store: SnapshotStore, services: Services, log: (message: string) => void): PageCache {
  const entries = new Map<string, Entry>();
  const recompressor = createRecompressor({ log });
  const inflight = new Map<string, Promise<CachedResponse>>();

  // One rendering of "not found" per route and generation, for every unknown id.
  const missingByKey = new Map<string, { generation: number; response: Promise<CachedResponse> }>();

  /** Renders a key with the snapshot, or with the page of older history it was given. */
  const renderPage = async (key: string, snapshot: PageSnapshot, staleSince: string | null): Promise<{ status: number; response: (level: 'max' | 'cheap') => CachedResponse }> => {
    const page = await app.render(key, { snapshot, staleSince, services, user: null, session: null, clientAddress: 'internal', listenOrigins: [] });
    const type = page.headers['content-type'] ?? 'text/html';
    const headers = {
      'content-type': type.includes('charset') ? type : `${type}; charset=utf-8`,
      'cache-control': page.status === 200 ? (isBadgeKey(key) ? BADGE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL) : 'no-store',
      // Feeds and API are read cross-origin, so they skip the page headers, but never content sniffing.
      ...(isCrossOriginReadable(key) ? { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' } : securityHeadersFor(key)),
    };
    return { status: page.status, response: (level) => buildCachedResponse(page.status, page.body, headers, level) };
  };

  const render = async (key: string): Promise<CachedResponse> => {
    const { snapshot, staleSince, generation } = store.state();
    const page = await renderPage(key, snapshot, staleSince);
    const keep = page.status === 200 && generation === store.state().generation;
    // Compressed cheaply first (brotli 11 of the home page takes a quarter of a
    // second): a change is served at once, and the kept copy is recompressed at
    // the best level off the main thread, then swapped in (same bytes, same ETag).
    const response = page.response('cheap');
    if (keep) {
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { generation, response });
      recompressor.schedule(
        key,
        () => entries.get(key)?.response,
        (better) => entries.set(key, { generation, response: better }),
      );
    }
    return response;
  };

  /**
   * An unknown incident id (the incident page reads only the snapshot) is answered
   * with the one cached 404, without rendering: a flood of random ids costs a map
   * lookup each, and cannot push real pages out of the cache.
   */
  const missing = (missingKey: string): Promise<CachedResponse> => {
    const { generation } = store.state();
    let known = missingByKey.get(missingKey);
    if (known?.generation !== generation) {
      const response = render(missingKey);
      known = { generation, response };
      missingByKey.set(missingKey, known);
      response.catch(() => {
        if (missingByKey.get(missingKey)?.response === response) missingByKey.delete(missingKey);
      });
    }
    return known.response;
  };

  const archive = createArchivePages(store, services, async (key, snapshot) => {
    const page = await renderPage(key, snapshot, store.state().staleSince);
    // Compressed cheaply now; the archive recompresses what it keeps, as below.
    return { ok: page.status === 200, response: page.response('cheap') };
  }, recompressor);

  const get = (key: string): Promise<CachedResponse> => {
    const archived = archive.get(key);
    if (archived !== null) return archived.then((response) => response ?? missing(MISSING_INCIDENT_KEY));
    const { snapshot } = store.state();
    const incidentId = INCIDENT_KEY.exec(key)?.[1];
    if (incidentId !== undefined && findIncident(snapshot, incidentId) === null) return missing(MISSING_INCIDENT_KEY);
    const componentId = componentIdOfKey(key);
    if (componentId !== null && findComponent(snapshot, componentId) === null) return missing(missingComponentKey(key));
    const entry = entries.get(key);
    if (entry && entry.generation === store.state().generation) return Promise.resolve(entry.response);
    let pending = inflight.get(key);
    if (!pending) {
      pending = render(key)
        .catch((error: unknown) => {
          // Rendering failed: an older rendering beats an error page.
          if (entry) return entry.response;
          throw error;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };

  const warm = async (): Promise<void> => {
    for (const path of EAGER_PATHS) {
      try {
        await get(path);
      } catch (error) {
        log(`Could not render ${path}: ${(error as Error).message}`);
      }
    }
  };

  store.onChange(() => void warm());
  return { get, warm, size: () => entries.size + archive.size() };
}
