import type { Db } from '../client.ts';

/** Every incident's id with its affected components' ids, newest incident first (the demo's follow-ups). */
export async function listIncidentComponentIdsNewestFirst(db: Db): Promise<{ incidentId: string; componentIds: string[] }[]> {
  const rows = await db
    .selectFrom('incidents')
    .leftJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select(['incidents.id', 'incidents.started_at', 'incident_components.component_id'])
    .orderBy('incidents.started_at', 'desc')
    .orderBy('incidents.id')
    .execute();
  const byIncident = new Map<string, string[]>();
  for (const row of rows) byIncident.set(row.id, [...(byIncident.get(row.id) ?? []), ...(row.component_id ? [row.component_id] : [])]);
  return [...byIncident].map(([incidentId, componentIds]) => ({ incidentId, componentIds }));
}
