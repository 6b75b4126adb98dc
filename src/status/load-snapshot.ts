import type { Db } from '../../db/client.ts';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listIncidents } from '../../db/queries/incidents.ts';
import { listMaintenances } from '../../db/queries/maintenances.ts';
import { listPublicPostmortems } from '../../db/queries/postmortems.ts';
import { findPageSettings, getPageVersion } from '../../db/queries/page.ts';
import { listStatusIntervalsSince } from '../../db/queries/status-intervals.ts';
import { listPublishedExternalUpdates } from '../../db/queries/updates.ts';
import { type BuildOptions, buildSnapshot, UPTIME_DAYS } from './build-snapshot.ts';
import type { PageSnapshot } from './snapshot.ts';

/**
 * Reads everything public in one repeatable-read transaction (so the version and
 * the rows agree) and builds the snapshot.
 */
export async function loadSnapshot(db: Db, options: BuildOptions): Promise<PageSnapshot> {
  const windowStart = new Date(Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate() - UPTIME_DAYS));
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
      const incidents = await listIncidents(trx);
      const maintenances = await listMaintenances(trx);
      const updates = await listPublishedExternalUpdates(trx);
      const postmortems = await listPublicPostmortems(trx);
      return { version: version.version, changedAt: version.changedAt, settings, groups, components, intervals, incidents, maintenances, updates, postmortems };
    });
  return buildSnapshot(source, options);
}

/** The current version of public data: polled to know when to rebuild. */
export async function readSnapshotVersion(db: Db): Promise<string> {
  return (await getPageVersion(db)).version;
}
