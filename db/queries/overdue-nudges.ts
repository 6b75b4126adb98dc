import type { Db } from '../client.ts';

/**
 * Records that an incident's overdue period was nudged; false when some worker
 * already did (the primary key (incident_id, due_at) decides, so two workers
 * running the job at once nudge once).
 */
export async function insertOverdueNudge(db: Db, nudge: { incidentId: string; dueAt: Date; recipients: number; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('overdue_nudges')
    .values({ incident_id: nudge.incidentId, due_at: nudge.dueAt, nudged_at: nudge.at, recipients: nudge.recipients })
    .onConflict((oc) => oc.columns(['incident_id', 'due_at']).doNothing())
    .returning('incident_id')
    .executeTakeFirst();
  return row !== undefined;
}
