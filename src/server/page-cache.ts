import type { Services } from '../services.ts';
import type { AstroApp } from './astro-app.ts';
import { buildCachedResponse, type CachedResponse } from './cached-response.ts';
import { createRecompressor } from './recompressor.ts';
import { findIncident } from '../status/selectors.ts';
import { findComponent } from '../status/component-view.ts';
import { componentIdOfKey, EAGER_PATHS, isBadgeKey, isCrossOriginReadable, isLocalizedKey, missingComponentKey } from './public-routes.ts';
import { BADGE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, securityHeadersFor } from './security-headers.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { createArchivePages } from './archive-pages.ts';
import type { PageSnapshot } from '../status/snapshot.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';

/**
 * Rendered public responses, one per cache key and snapshot generation. Astro
 * renders each once per change; every other request is a map lookup. The common
 * routes are rendered as soon as the snapshot changes; the rest on first request.
 */
export interface PageCache {
  /**
   * The response for a key in a language. Pages (isLocalizedKey) keep one entry per
   * language, each with its own ETag; feeds, API, calendars and badges are English only.
   */
  get(key: string, lang?: Language): Promise<CachedResponse>;
  /** Renders the eager routes for the current generation. */
  warm(): Promise<void>;
  size(): number;
}

const MAX_ENTRIES = 2_000;

/** One entry per key and language. */
const entryId = (key: string, lang: Language): string => `${lang} ${key}`;
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
  const renderPage = async (key: string, lang: Language, snapshot: PageSnapshot, staleSince: string | null): Promise<{ status: number; response: (level: 'max' | 'cheap') => CachedResponse }> => {
    const page = await app.render(key, { snapshot, staleSince, services, user: null, session: null, clientAddress: 'internal', listenOrigins: [], lang });
    const localized = isLocalizedKey(key);
    const type = page.headers['content-type'] ?? 'text/html';
    const headers = {
      'content-type': type.includes('charset') ? type : `${type}; charset=utf-8`,
      'cache-control': page.status === 200 ? (isBadgeKey(key) ? BADGE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL) : 'no-store',
      // Feeds and API are read cross-origin, so they skip the page headers, but never content sniffing.
      ...(isCrossOriginReadable(key) ? { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' } : securityHeadersFor(key)),
      // The language comes from Accept-Language or the herald_lang cookie: shared caches must keep them apart.
      ...(localized ? { vary: 'Accept-Language, Cookie', 'content-language': lang } : {}),
    };
    return { status: page.status, response: (level) => buildCachedResponse(page.status, page.body, headers, level) };
  };

  const render = async (key: string, lang: Language): Promise<CachedResponse> => {
    const { snapshot, staleSince, generation } = store.state();
    const page = await renderPage(key, lang, snapshot, staleSince);
    const id = entryId(key, lang);
    const keep = page.status === 200 && generation === store.state().generation;
    // Compressed cheaply first (brotli 11 of the home page takes a quarter of a
    // second): a change is served at once, and the kept copy is recompressed at
    // the best level off the main thread, then swapped in (same bytes, same ETag).
    const response = page.response('cheap');
    if (keep) {
      entries.delete(id);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(id, { generation, response });
      recompressor.schedule(
        id,
        () => entries.get(id)?.response,
        (better) => entries.set(id, { generation, response: better }),
      );
    }
    return response;
  };

  /**
   * An unknown incident id (the incident page reads only the snapshot) is answered
   * with the one cached 404, without rendering: a flood of random ids costs a map
   * lookup each, and cannot push real pages out of the cache.
   */
  const missing = (missingKey: string, lang: Language): Promise<CachedResponse> => {
    const { generation } = store.state();
    const id = entryId(missingKey, lang);
    let known = missingByKey.get(id);
    if (known?.generation !== generation) {
      const response = render(missingKey, lang);
      known = { generation, response };
      missingByKey.set(id, known);
      response.catch(() => {
        if (missingByKey.get(id)?.response === response) missingByKey.delete(id);
      });
    }
    return known.response;
  };

  const archive = createArchivePages(store, services, async (key, lang, snapshot) => {
    const page = await renderPage(key, lang, snapshot, store.state().staleSince);
    // Compressed cheaply now; the archive recompresses what it keeps, as below.
    return { ok: page.status === 200, response: page.response('cheap') };
  }, recompressor);

  const get = (key: string, requested: Language = DEFAULT_LANGUAGE): Promise<CachedResponse> => {
    const lang = isLocalizedKey(key) ? requested : DEFAULT_LANGUAGE;
    const archived = archive.get(key, lang);
    if (archived !== null) return archived.then((response) => response ?? missing(MISSING_INCIDENT_KEY, lang));
    const { snapshot } = store.state();
    const incidentId = INCIDENT_KEY.exec(key)?.[1];
    if (incidentId !== undefined && findIncident(snapshot, incidentId) === null) return missing(MISSING_INCIDENT_KEY, lang);
    const componentId = componentIdOfKey(key);
    if (componentId !== null && findComponent(snapshot, componentId) === null) return missing(missingComponentKey(key), lang);
    const id = entryId(key, lang);
    const entry = entries.get(id);
    if (entry && entry.generation === store.state().generation) return Promise.resolve(entry.response);
    let pending = inflight.get(id);
    if (!pending) {
      pending = render(key, lang)
        .catch((error: unknown) => {
          // Rendering failed: an older rendering beats an error page.
          if (entry) return entry.response;
          throw error;
        })
        .finally(() => inflight.delete(id));
      inflight.set(id, pending);
    }
    return pending;
  };

  const warm = async (): Promise<void> => {
    // In the page's default language, what most readers get; others render on first request.
    const lang = store.state().snapshot.page.language ?? DEFAULT_LANGUAGE;
    for (const path of EAGER_PATHS) {
      try {
        await get(path, lang);
      } catch (error) {
        log(`Could not render ${path}: ${(error as Error).message}`);
      }
    }
  };

  store.onChange(() => void warm());
  return { get, warm, size: () => entries.size + archive.size() };
}
