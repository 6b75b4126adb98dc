import type { IncidentSource, IncidentState } from '../../src/domain/alerts.ts';
import type { AffectedComponent, Impact, IncidentStatus, Severity } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

/** The triage side of incidents: state (triage, active, dismissed) and source. */

/** Marks a new incident as opened from alerts, waiting in triage. */
export async function markIncidentTriage(db: Db, incidentId: string, source: IncidentSource): Promise<void> {
  await db.updateTable('incidents').set({ state: 'triage', source }).where('id', '=', incidentId).execute();
}

export async function setIncidentState(db: Db, incidentId: string, state: IncidentState, now: Date, dismissedReason: string | null = null): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ state, updated_at: now, ...(state === 'dismissed' ? { dismissed_reason: dismissedReason } : {}) })
    .where('id', '=', incidentId)
    .execute();
}

export async function findIncidentTriageState(db: Db, incidentId: string): Promise<{ state: IncidentState; source: IncidentSource; dismissedReason: string | null } | null> {
  const row = await db.selectFrom('incidents').select(['state', 'source', 'dismissed_reason']).where('id', '=', incidentId).executeTakeFirst();
  return row ? { state: row.state, source: row.source, dismissedReason: row.dismissed_reason } : null;
}


/** Lists the draft updates of a triage incident (its suggested first update). */
export async function listDraftUpdateIds(db: Db, incidentId: string): Promise<string[]> {
  const rows = await db.selectFrom('updates').select('id').where('incident_id', '=', incidentId).where('state', '=', 'draft').execute();
  return rows.map((row) => row.id);
}

/** A triage incident declared: its fields as the person chose them, active from now on. */
export async function promoteTriageIncident(
  db: Db,
  incidentId: string,
  values: { title: string; severity: Severity; impact: Impact; status: IncidentStatus; components: AffectedComponent[]; declaredBy: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ title: values.title, severity: values.severity, impact: values.impact, status: values.status, state: 'active', declared_by: values.declaredBy, updated_at: now })
    .where('id', '=', incidentId)
    .execute();
  await db.deleteFrom('incident_components').where('incident_id', '=', incidentId).execute();
  if (values.components.length > 0) {
    await db
      .insertInto('incident_components')
      .values(values.components.map((c) => ({ incident_id: incidentId, component_id: c.componentId, status: c.status })))
      .execute();
  }
}

export interface TriageIncidentRow {
  id: string;
  title: string;
  severity: Severity;
  impact: Impact;
  source: IncidentSource;
  startedAt: Date;
  components: { id: string; name: string; status: string }[];
  draft: { id: string; body: string } | null;
}

/** Incidents waiting in triage, newest first, with their suggested components and draft. */
export async function listTriageIncidents(db: Db): Promise<TriageIncidentRow[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'title', 'severity', 'impact', 'source', 'started_at'])
    .where('state', '=', 'triage')
    .where('resolved_at', 'is', null)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [components, drafts] = await Promise.all([
    db
      .selectFrom('incident_components')
      .innerJoin('components', 'components.id', 'incident_components.component_id')
      .select(['incident_components.incident_id', 'components.id', 'components.name', 'incident_components.status'])
      .where('incident_components.incident_id', 'in', ids)
      .orderBy('components.position')
      .orderBy('components.name')
      .execute(),
    db
      .selectFrom('updates')
      .select(['id', 'incident_id', 'body'])
      .where('incident_id', 'in', ids)
      .where('state', '=', 'draft')
      .where('audience', '=', 'external')
      .orderBy('created_at')
      .execute(),
  ]);
  return rows.map((row) => {
    const draft = drafts.find((d) => d.incident_id === row.id);
    return {
      id: row.id,
      title: row.title,
      severity: row.severity,
      impact: row.impact,
      source: row.source,
      startedAt: row.started_at,
      components: components.filter((c) => c.incident_id === row.id).map((c) => ({ id: c.id, name: c.name, status: c.status })),
      draft: draft ? { id: draft.id, body: draft.body } : null,
    };
  });
}

/** Open declared incidents whose alerts have all resolved: the hub asks "Resolve?". */
export async function listIncidentsWithAllAlertsResolved(db: Db): Promise<{ id: string; title: string; alerts: number }[]> {
  const rows = await db
    .selectFrom('incidents')
    .innerJoin('incident_alerts', 'incident_alerts.incident_id', 'incidents.id')
    .select((eb) => ['incidents.id', 'incidents.title', eb.fn.countAll<string>().as('alerts')])
    .where('incidents.state', '=', 'active')
    .where('incidents.resolved_at', 'is', null)
    .groupBy(['incidents.id', 'incidents.title'])
    .having((eb) => eb.fn.count(eb.case().when('incident_alerts.status', '=', 'firing').then(1).end()), '=', 0)
    .orderBy('incidents.id')
    .execute();
  return rows.map((row) => ({ id: row.id, title: row.title, alerts: Number(row.alerts) }));
}
