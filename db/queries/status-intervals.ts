import type { ComponentStatus, StatusInterval } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

/** Intervals of every component that were still going on at or after `since`. */
export async function listStatusIntervalsSince(db: Db, since: Date): Promise<StatusInterval[]> {
  const rows = await db
    .selectFrom('component_status_intervals')
    .select(['component_id', 'status', 'started_at', 'ended_at'])
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', since)]))
    .orderBy('component_id')
    .orderBy('started_at')
    .execute();
  return rows.map((row) => ({
    componentId: row.component_id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  }));
}

export async function closeOpenStatusInterval(db: Db, componentId: string, at: Date): Promise<void> {
  await db
    .updateTable('component_status_intervals')
    .set({ ended_at: at })
    .where('component_id', '=', componentId)
    .where('ended_at', 'is', null)
    .execute();
}

export async function insertStatusInterval(
  db: Db,
  interval: { componentId: string; status: ComponentStatus; startedAt: Date },
): Promise<void> {
  await db
    .insertInto('component_status_intervals')
    .values({ component_id: interval.componentId, status: interval.status, started_at: interval.startedAt })
    .execute();
}
