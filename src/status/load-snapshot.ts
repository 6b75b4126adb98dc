import type { Db } from '../../db/client.ts';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listIncidents } from '../../db/queries/incidents.ts';
import { listMaintenances } from '../../db/queries/maintenances.ts';
import { listPublicPostmortems } from '../../db/queries/postmortems.ts';
import { findPageSettings, getPageVersion } from '../../db/queries/page.ts';
import { listStatusIntervalsSince } from '../../db/queries/status-intervals.ts';
import { listPublishedExternalUpdates } from '../../db/queries/updates.ts';
import { type HotLimits, listHistoryMonths, listHotIds, type PublicIds } from '../../db/queries/public-history.ts';
import { type BuildOptions, buildSnapshot, UPTIME_DAYS } from './build-snapshot.ts';
import type { PageSnapshot } from './snapshot.ts';

/**
 * What the snapshot holds besides everything open and the uptime window: the
 * feeds' and the API's newest entries (they list 50), and enough of each
 * component's newest for its page and feeds. Older history is rendered from the
 * database when asked for (src/server/archive-pages.ts).
 */
export const HOT_LIMITS: HotLimits = { latest: 50, perComponent: 10 };

/** The start of the uptime window (UTC day): incidents since then are all in the snapshot. */
export function hotSince(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - UPTIME_DAYS));
}

/**
 * Reads what the hot pages show in one repeatable-read transaction (so the version
 * and the rows agree) and builds the snapshot. Its size does not grow with the
 * length of the history: see HOT_LIMITS.
 */
export async function loadSnapshot(db: Db, options: BuildOptions): Promise<PageSnapshot> {
  const windowStart = hotSince(options.now);
  const source = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const version = await getPageVersion(trx);
      const settings = await findPageSettings(trx);
      const groups = await listComponentGroups(trx);
      const components = await listComponents(trx);
      const intervals = await listStatusIntervalsSince(trx, windowStart);
      const hot = await listHotIds(trx, windowStart, HOT_LIMITS);
      const incidents = await listIncidents(trx, hot.incidentIds);
      const maintenances = await listMaintenances(trx, hot.maintenanceIds);
      const updates = await listPublishedExternalUpdates(trx, hot);
      const postmortems = await listPublicPostmortems(trx, hot.incidentIds);
      const months = await listHistoryMonths(trx);
      return { version: version.version, changedAt: version.changedAt, settings, groups, components, intervals, incidents, maintenances, updates, postmortems, months };
    });
  return { ...buildSnapshot(source, options), historyMonths: source.months, hotSince: windowStart.toISOString() };
}

/**
 * A page of older history: the snapshot with its incidents and maintenances
 * replaced by the given ones, read from the database (one repeatable-read
 * transaction), for the pages that show them (an old incident, an old month).
 */
export async function loadArchivedSnapshot(db: Db, hot: PageSnapshot, ids: PublicIds, options: BuildOptions): Promise<PageSnapshot> {
  const source = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const components = await listComponents(trx);
      const incidents = await listIncidents(trx, ids.incidentIds);
      const maintenances = await listMaintenances(trx, ids.maintenanceIds);
      const updates = await listPublishedExternalUpdates(trx, ids);
      const postmortems = await listPublicPostmortems(trx, ids.incidentIds);
      return { version: hot.version, changedAt: new Date(hot.page.updatedAt), settings: null, groups: [], components, intervals: [], incidents, maintenances, updates, postmortems };
    });
  const archived = buildSnapshot(source, options);
  return { ...hot, incidents: archived.incidents, maintenances: archived.maintenances };
}

/** The current version of public data: polled to know when to rebuild. */
export async function readSnapshotVersion(db: Db): Promise<string> {
  return (await getPageVersion(db)).version;
}
