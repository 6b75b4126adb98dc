import type {
  AffectedComponent,
  ComponentStatus,
  Impact,
  Incident,
  IncidentApiFields,
  IncidentStatus,
  Severity,
} from '../../src/domain/types.ts';
import type { Selectable } from 'kysely';
import type { IncidentSource } from '../../src/domain/alerts.ts';
import type { Db } from '../client.ts';
import type { IncidentsTable } from '../schema.ts';
import { newId, userIdOf } from '../ids.ts';

/** Maps an incidents row (and its affected components) to the domain type. */
function toIncident(row: Selectable<IncidentsTable>, components: AffectedComponent[]): Incident {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    impact: row.impact,
    status: row.status,
    startedAt: row.started_at,
    identifiedAt: row.identified_at,
    monitoringAt: row.monitoring_at,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    components,
  };
}

/** Every incident, or only those with the given ids. */
export async function listIncidents(db: Db, ids?: string[]): Promise<Incident[]> {
  if (ids?.length === 0) return [];
  const [rows, links] = await Promise.all([
    db
      .selectFrom('incidents')
      .selectAll()
      .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('incident_components')
      .selectAll()
      .$if(ids !== undefined, (q) => q.where('incident_id', 'in', ids ?? []))
      .execute(),
  ]);
  const byIncident = new Map<string, AffectedComponent[]>();
  for (const link of links) {
    const list = byIncident.get(link.incident_id) ?? [];
    list.push({ componentId: link.component_id, status: link.status });
    byIncident.set(link.incident_id, list);
  }
  return rows.map((row) => toIncident(row, byIncident.get(row.id) ?? []));
}

export interface NewIncident {
  title: string;
  severity: Severity;
  impact: Impact;
  status: IncidentStatus;
  startedAt: Date;
  /** When Herald learnt of it (milestone "detected"; default: startedAt). Impact started is startedAt. */
  detectedAt?: Date;
  components: AffectedComponent[];
  /** The signed-in user who declared it (null: seed, CLI). */
  declaredBy?: string | null;
  /** Where it came from (default: the hub). */
  source?: IncidentSource;
  /** A management API client's own JSON object. */
  metadata?: Record<string, unknown> | undefined;
}

export async function insertIncident(db: Db, incident: NewIncident): Promise<string> {
  const id = newId();
  await db
    .insertInto('incidents')
    .values({
      id,
      title: incident.title,
      severity: incident.severity,
      impact: incident.impact,
      status: incident.status,
      started_at: incident.startedAt,
      impact_started_at: incident.startedAt,
      detected_at: incident.detectedAt ?? incident.startedAt,
      created_at: incident.startedAt,
      updated_at: incident.startedAt,
      declared_by: userIdOf(incident.declaredBy),
      source: incident.source ?? 'hub',
      ...(incident.metadata === undefined ? {} : { metadata: JSON.stringify(incident.metadata) }),
    })
    .execute();
  if (incident.components.length > 0) {
    await db
      .insertInto('incident_components')
      .values(incident.components.map((c) => ({ incident_id: id, component_id: c.componentId, status: c.status })))
      .execute();
  }
  return id;
}

/** Moves an incident to a status, stamping the time it first reached it. */
export async function updateIncidentStatus(db: Db, id: string, status: IncidentStatus, at: Date): Promise<void> {
  const stamp =
    status === 'identified'
      ? { identified_at: at }
      : status === 'monitoring'
        ? { monitoring_at: at }
        : status === 'resolved'
          ? { resolved_at: at }
          : {};
  await db.updateTable('incidents').set({ status, updated_at: at, ...stamp }).where('id', '=', id).execute();
}

/** One incident with its affected components; `forUpdate` locks its row for the transaction. */
export async function findIncidentById(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<Incident | null> {
  const row = await db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', id)
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) return null;
  const links = await db.selectFrom('incident_components').selectAll().where('incident_id', '=', id).orderBy('component_id').execute();
  return toIncident(row, links.map((link) => ({ componentId: link.component_id, status: link.status })));
}

/**
 * Moves an incident to a status as the hub does: identified_at and monitoring_at
 * keep the FIRST time they were reached (MTTR is measured from them); resolved_at
 * is the latest resolution, and is cleared when an incident is reopened.
 * The "mitigated" milestone is the first time it reached monitoring (or resolved,
 * when it skipped monitoring): kept once set (see src/incidents/milestones.ts).
 */
export async function moveIncidentStatus(db: Db, id: string, status: IncidentStatus, at: Date): Promise<void> {
  await db
    .updateTable('incidents')
    .set((eb) => ({
      status,
      updated_at: at,
      ...(status === 'identified' ? { identified_at: eb.fn.coalesce('identified_at', eb.val(at)) } : {}),
      ...(status === 'monitoring' ? { monitoring_at: eb.fn.coalesce('monitoring_at', eb.val(at)) } : {}),
      ...(status === 'monitoring' || status === 'resolved' ? { mitigated_at: eb.fn.coalesce('mitigated_at', eb.val(at)) } : {}),
      resolved_at: status === 'resolved' ? at : null,
    }))
    .where('id', '=', id)
    .execute();
}

export async function updateIncidentSeverity(db: Db, id: string, severity: Severity, at: Date): Promise<void> {
  await db.updateTable('incidents').set({ severity, updated_at: at }).where('id', '=', id).execute();
}

/** Records (or moves) the status an incident gives one of its affected components. */
export async function upsertIncidentComponent(db: Db, incidentId: string, componentId: string, status: ComponentStatus): Promise<void> {
  await db
    .insertInto('incident_components')
    .values({ incident_id: incidentId, component_id: componentId, status })
    .onConflict((oc) => oc.columns(['incident_id', 'component_id']).doUpdateSet({ status }))
    .execute();
}

/** The management API's own fields of incidents (Statuspage's `metadata` and `backfilled`), by id; every incident's without `ids`. */
export async function listIncidentApiFields(db: Db, ids?: readonly string[]): Promise<Map<string, IncidentApiFields>> {
  if (ids !== undefined && ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'metadata', 'backfilled'])
    .$if(ids !== undefined, (qb) => qb.where('id', 'in', [...(ids ?? [])]))
    .execute();
  return new Map(rows.map((row) => [row.id, { metadata: typeof row.metadata === 'string' ? (JSON.parse(row.metadata) as Record<string, unknown>) : row.metadata, backfilled: row.backfilled }]));
}

/** Renames an incident and/or replaces its metadata. */
export async function updateIncidentDetails(db: Db, id: string, details: { title?: string; metadata?: Record<string, unknown> }, at: Date): Promise<void> {
  await db
    .updateTable('incidents')
    .set({
      updated_at: at,
      ...(details.title === undefined ? {} : { title: details.title }),
      ...(details.metadata === undefined ? {} : { metadata: JSON.stringify(details.metadata) }),
    })
    .where('id', '=', id)
    .execute();
}

/** Marks an incident as recorded after the fact. */
export async function markIncidentBackfilled(db: Db, id: string): Promise<void> {
  await db.updateTable('incidents').set({ backfilled: true }).where('id', '=', id).execute();
}

/** Deletes an incident; its updates, timeline, claims, alerts and deliveries go with it (cascade). */
export async function deleteIncident(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('incidents').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
