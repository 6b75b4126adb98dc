import { createHash } from 'node:crypto';
import { fingerprintOf, listMonthIds, listPublicIncidentIds, type PublicIds } from '../../db/queries/public-history.ts';
import type { Services } from '../services.ts';
import { loadArchivedSnapshot } from '../status/load-snapshot.ts';
import type { PageSnapshot } from '../status/snapshot.ts';
import type { CachedResponse } from './cached-response.ts';
import type { Recompressor } from './recompressor.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import type { Language } from '../i18n/languages.ts';

/**
 * Pages of older history (an incident or a month the snapshot no longer holds),
 * rendered from the database when asked for and cached. A cached page is checked
 * once per snapshot change against a fingerprint of exactly what it shows (its
 * incidents, maintenances and their published updates, and the page's own frame:
 * name, brand, component names), so a change elsewhere re-renders nothing and a
 * change to it re-renders that page alone. Between changes, it is a map lookup.
 * While the database is unreachable, what was cached keeps being served.
 */
export interface ArchivePages {
  /** The archived page for this key, or null when the snapshot should answer it. */
  get(key: string, lang: Language): Promise<CachedResponse | null> | null;
  size(): number;
}

export type ArchiveRender = (key: string, lang: Language, snapshot: PageSnapshot) => Promise<{ response: CachedResponse; ok: boolean }>;

const MAX_ENTRIES = 500;
const INCIDENT_KEY = /^\/incidents\/([a-z0-9]{1,64})$/;
const MONTH_KEY = /^\/history\?month=(\d{4})-(\d{2})$/;

interface Entry {
  generation: number;
  fingerprint: string;
  response: CachedResponse;
}

/** What every page shows besides its incidents: a change to it re-renders them all. */
function frameOf(snapshot: PageSnapshot): string {
  const frame = { page: { ...snapshot.page, updatedAt: null }, groups: snapshot.groups.map((g) => [g.id, g.name]), components: snapshot.components.map((c) => [c.id, c.name]), months: snapshot.historyMonths };
  return createHash('sha256').update(JSON.stringify(frame)).digest('base64url');
}

export function createArchivePages(store: SnapshotStore, services: Services, render: ArchiveRender, recompressor: Recompressor): ArchivePages {
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<CachedResponse | null>>();
  let publicIds: { generation: number; ids: Promise<Set<string>> } | null = null;

  const publicIncidentIds = (generation: number): Promise<Set<string>> => {
    if (publicIds?.generation !== generation) {
      const ids = listPublicIncidentIds(services.db);
      publicIds = { generation, ids };
      ids.catch(() => {
        if (publicIds?.ids === ids) publicIds = null;
      });
    }
    return publicIds.ids;
  };

  /** The ids a key's page shows, or null when no such page exists (an unknown incident). */
  const idsOf = async (key: string, generation: number): Promise<PublicIds | null> => {
    const incident = INCIDENT_KEY.exec(key)?.[1];
    if (incident !== undefined) return (await publicIncidentIds(generation)).has(incident) ? { incidentIds: [incident], maintenanceIds: [] } : null;
    const [, year, month] = MONTH_KEY.exec(key) ?? [];
    const start = new Date(Date.UTC(Number(year), Number(month) - 1, 1));
    return listMonthIds(services.db, start, new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
  };

  const keep = (key: string, entry: Entry): void => {
    entries.delete(key);
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
  };

  const refresh = async (key: string, lang: Language, id: string): Promise<CachedResponse | null> => {
    const { snapshot, generation, staleSince } = store.state();
    const cached = entries.get(id);
    if (cached && staleSince !== null) return cached.response; // the database is down: serve what we have
    const ids = await idsOf(key, generation);
    if (ids === null) return null; // no such incident: the snapshot's cached 404
    const fingerprint = `${frameOf(snapshot)}|${await fingerprintOf(services.db, ids)}`;
    if (cached?.fingerprint === fingerprint) {
      keep(id, { ...cached, generation });
      return cached.response;
    }
    const archived = await loadArchivedSnapshot(services.db, snapshot, ids, { now: services.now(), publicUrl: services.config.publicUrl });
    const { response, ok } = await render(key, lang, archived);
    if (ok && store.state().generation === generation) {
      keep(id, { generation, fingerprint, response });
      // Kept until what it shows changes: worth the best compression, made off the main thread.
      recompressor.schedule(
        id,
        () => entries.get(id)?.response,
        (better) => {
          const entry = entries.get(id);
          if (entry) entries.set(id, { ...entry, response: better });
        },
      );
    }
    return response;
  };

  const isArchived = (key: string, snapshot: PageSnapshot): boolean => {
    if (snapshot.hotSince === undefined) return false;
    const incident = INCIDENT_KEY.exec(key)?.[1];
    if (incident !== undefined) return !snapshot.incidents.some((i) => i.id === incident);
    const [, year, month] = MONTH_KEY.exec(key) ?? [];
    if (year === undefined) return false;
    return Date.UTC(Number(year), Number(month) - 1, 1) < Date.parse(snapshot.hotSince);
  };

  return {
    get(key, lang) {
      const { snapshot, generation } = store.state();
      if (!isArchived(key, snapshot)) return null;
      // One entry per page and language.
      const id = `${lang} ${key}`;
      const entry = entries.get(id);
      if (entry?.generation === generation) return Promise.resolve(entry.response);
      let pending = inflight.get(id);
      if (!pending) {
        pending = refresh(key, lang, id)
          .catch((error: unknown) => {
            // The database failed mid-way: an older rendering beats an error page.
            const stale = entries.get(id);
            if (stale) return stale.response;
            throw error;
          })
          .finally(() => inflight.delete(id));
        inflight.set(id, pending);
      }
      return pending;
    },
    size: () => entries.size,
  };
}
