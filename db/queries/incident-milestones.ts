import type { Milestone } from '../../src/domain/learning.ts';
import type { IncidentMilestones } from '../../src/domain/milestones.ts';
import type { Db } from '../client.ts';

/** The milestones of one incident (null when it does not exist); `forUpdate` locks its row. */
export async function findIncidentMilestones(db: Db, incidentId: string, options: { forUpdate?: boolean } = {}): Promise<IncidentMilestones | null> {
  const row = await db
    .selectFrom('incidents')
    .select(['started_at', 'impact_started_at', 'detected_at', 'acknowledged_at', 'mitigated_at', 'resolved_at', 'state'])
    .where('id', '=', incidentId)
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) return null;
  return {
    declaredAt: row.started_at,
    state: row.state,
    values: {
      impact_started_at: row.impact_started_at,
      detected_at: row.detected_at,
      acknowledged_at: row.acknowledged_at,
      mitigated_at: row.mitigated_at,
      resolved_at: row.resolved_at,
    },
  };
}

/**
 * A person declared the incident: it is acknowledged now (kept if already set),
 * and impact started and detected fall back to when it was opened.
 */
export async function stampDeclaredMilestones(db: Db, incidentId: string, at: Date): Promise<void> {
  await db
    .updateTable('incidents')
    .set((eb) => ({
      impact_started_at: eb.fn.coalesce('impact_started_at', 'started_at'),
      detected_at: eb.fn.coalesce('detected_at', 'started_at'),
      acknowledged_at: eb.fn.coalesce('acknowledged_at', eb.val(at)),
    }))
    .where('id', '=', incidentId)
    .execute();
}

/** Sets one milestone (an edit, or "Mark mitigated"). */
export async function updateIncidentMilestone(db: Db, incidentId: string, milestone: Milestone, value: Date | null, at: Date): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ [milestone]: value, updated_at: at })
    .where('id', '=', incidentId)
    .execute();
}

/** Whether a user is the incident commander of an incident (who may edit its milestones). */
export async function isIncidentCommander(db: Db, incidentId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('incident_roles')
    .select('user_id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('role', '=', 'commander')
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets several milestones at once (the demo data). */
export async function setIncidentMilestones(db: Db, incidentId: string, values: Partial<Record<Milestone, Date | null>>): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('incidents').set(values).where('id', '=', incidentId).execute();
}
