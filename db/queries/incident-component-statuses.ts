import type { ComponentStatus } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

/** What one incident's latest published external update says about one component. */
export interface IncidentComponentClaim {
  incidentId: string;
  incidentTitle: string;
  componentId: string;
  status: ComponentStatus;
}

/** Records (or replaces) the status an incident now gives a component. */
export async function upsertIncidentComponentStatus(db: Db, incidentId: string, componentId: string, status: ComponentStatus): Promise<void> {
  await db
    .insertInto('incident_component_statuses')
    .values({ incident_id: incidentId, component_id: componentId, status })
    .onConflict((oc) => oc.columns(['incident_id', 'component_id']).doUpdateSet({ status }))
    .execute();
}

/** Every component an incident has claimed a status for, open or not. */
export async function listIncidentClaimedComponentIds(db: Db, incidentId: string): Promise<string[]> {
  const rows = await db.selectFrom('incident_component_statuses').select('component_id').where('incident_id', '=', incidentId).execute();
  return rows.map((row) => row.component_id);
}

/**
 * The claims of OPEN incidents on these components (a resolved incident claims
 * nothing), optionally leaving one incident out: the one about to be resolved.
 */
export async function listOpenIncidentClaims(
  db: Db,
  componentIds: readonly string[],
  options: { exceptIncidentId?: string } = {},
): Promise<IncidentComponentClaim[]> {
  if (componentIds.length === 0) return [];
  const rows = await db
    .selectFrom('incident_component_statuses as s')
    .innerJoin('incidents as i', 'i.id', 's.incident_id')
    .select(['s.incident_id', 'i.title', 's.component_id', 's.status'])
    .where('s.component_id', 'in', [...componentIds])
    .where('i.resolved_at', 'is', null)
    .where('i.status', '<>', 'resolved')
    .$if(options.exceptIncidentId !== undefined, (qb) => qb.where('s.incident_id', '<>', options.exceptIncidentId!))
    .orderBy('i.started_at')
    .orderBy('s.incident_id')
    .execute();
  return rows.map((row) => ({ incidentId: row.incident_id, incidentTitle: row.title, componentId: row.component_id, status: row.status }));
}
