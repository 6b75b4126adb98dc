import { listIncidentAlerts } from '../../../db/queries/alert-groups.ts';
import { listComponents } from '../../../db/queries/components.ts';
import { listIncidentApiFields, listIncidents } from '../../../db/queries/incidents.ts';
import { listMaintenances } from '../../../db/queries/maintenances.ts';
import { listPublicPostmortems } from '../../../db/queries/postmortems.ts';
import { findIncidentTriageState } from '../../../db/queries/triage-incidents.ts';
import { listPublishedExternalUpdates } from '../../../db/queries/updates.ts';
import type { Update } from '../../domain/types.ts';
import type { Scope } from '../../tokens/scopes.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import { type IncidentContext, type V1Incident, v1Incident, v1Maintenance, withOrigin } from './objects.ts';

/**
 * Reading incidents (/api/v1/pages/{page_id}/incidents…) as Statuspage does:
 * maintenances are "scheduled incidents" and appear among them. A token with
 * `read` sees every incident, internal ones too (`herald.visibility`), as a
 * viewer does in the hub; `incident_updates` are the published external updates,
 * newest first, exactly what the public page shows.
 */

/** Reading incidents: `read`, or any scope that writes them. */
export const INCIDENT_READ_SCOPES: readonly Scope[] = ['read', 'incidents:write', 'incidents:publish', 'maintenance:write'];

type Filter = 'all' | 'unresolved' | 'upcoming' | 'scheduled' | 'active_maintenance';

const DEFAULT_LIMIT = 100;

async function loadAll(request: V1Request): Promise<V1Incident[]> {
  const db = request.services.db;
  const [incidents, maintenances, updates, components, fields, postmortems] = await Promise.all([
    listIncidents(db),
    listMaintenances(db),
    listPublishedExternalUpdates(db),
    listComponents(db),
    listIncidentApiFields(db),
    listPublicPostmortems(db),
  ]);
  const context: IncidentContext = {
    pageId: request.pageId,
    publicUrl: request.services.config.publicUrl,
    components: new Map(components.map((c) => [c.id, c])),
    postmortems: new Map(postmortems.map((p) => [p.incidentId, p])),
  };
  const byEvent = new Map<string, Update[]>();
  for (const update of updates) {
    const key = update.incidentId ?? update.maintenanceId ?? '';
    byEvent.set(key, [...(byEvent.get(key) ?? []), update]);
  }
  return [
    ...incidents.map((i) => v1Incident(context, i, byEvent.get(i.id) ?? [], fields.get(i.id))),
    ...maintenances.map((m) => v1Maintenance(context, m, byEvent.get(m.id) ?? [])),
  ].sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id));
}

/**
 * Adds `herald.state`, `source` and `alerts` (alert-sourced incidents only) to the
 * incidents answered, after filtering and paging, so a list costs a query or two
 * per incident shown rather than per incident stored.
 */
async function withOrigins(request: V1Request, incidents: V1Incident[]): Promise<V1Incident[]> {
  const db = request.services.db;
  return Promise.all(
    incidents.map(async (incident) => {
      if (incident.herald.kind !== 'incident') return incident;
      const found = await findIncidentTriageState(db, incident.id);
      if (found === null) return incident;
      const fromAlerts = found.source !== 'hub' && found.source !== 'api';
      return withOrigin(incident, { state: found.state, source: found.source, alerts: fromAlerts ? await listIncidentAlerts(db, incident.id) : [] });
    }),
  );
}

const KEEP: Record<Filter, (i: V1Incident) => boolean> = {
  all: () => true,
  unresolved: (i) => i.herald.kind === 'incident' && i.status !== 'resolved',
  upcoming: (i) => i.herald.kind === 'maintenance' && i.status === 'scheduled',
  scheduled: (i) => i.herald.kind === 'maintenance',
  active_maintenance: (i) => i.herald.kind === 'maintenance' && (i.status === 'in_progress' || i.status === 'verifying'),
};

function positiveInteger(text: string | null, fallback: number, max: number): number | null {
  if (text === null || text === '') return fallback;
  if (!/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value < 1 ? null : Math.min(value, max);
}

/** A list endpoint: `q` (text in the name), `limit` (≤ 100) and `page` (from 1), as Statuspage takes them. */
export function listIncidentsAnswer(filter: Filter): (request: V1Request) => Promise<V1Answer> {
  return async (request) => {
    const params = request.url.searchParams;
    const limit = positiveInteger(params.get('limit') ?? params.get('per_page'), DEFAULT_LIMIT, DEFAULT_LIMIT);
    if (limit === null) return apiError(422, 'limit: must be a whole number from 1 to 100');
    const page = positiveInteger(params.get('page'), 1, 100_000);
    if (page === null) return apiError(422, 'page: must be a whole number from 1');
    const q = (params.get('q') ?? '').trim().toLowerCase();
    const all = (await loadAll(request)).filter((i) => KEEP[filter](i) && (q === '' || i.name.toLowerCase().includes(q)));
    return { status: 200, body: await withOrigins(request, all.slice((page - 1) * limit, page * limit)) };
  };
}

export async function getIncidentAnswer(request: V1Request): Promise<V1Answer> {
  const id = request.params['incident_id'] ?? '';
  const found = (await loadAll(request)).find((i) => i.id === id);
  return found ? { status: 200, body: (await withOrigins(request, [found]))[0] } : apiError(404, `There is no incident "${id}".`);
}
