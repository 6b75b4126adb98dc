import { countAlertsByIncident, listIncidentAlerts } from '../../db/queries/alert-groups.ts';
import { findIncidentTriageState, listIncidentsWithAllAlertsResolved, listTriageIncidents, type TriageIncidentRow } from '../../db/queries/triage-incidents.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import type { Actor } from '../auth/permissions.ts';
import type { IncidentAlert, IncidentState } from '../domain/alerts.ts';
import type { Services } from '../services.ts';
import type { DeclareValues } from '../incidents/declare-form.ts';

/** The dashboard's Triage section: incidents opened from alerts, waiting for a person. */
export interface TriageView {
  incidents: (TriageIncidentRow & { firing: number; total: number; allResolved: boolean })[];
  /** Declared incidents whose alerts have all resolved: "Resolve?". */
  resolveSuggestions: { id: string; title: string; alerts: number }[];
}

export async function loadTriage(services: Services, _actor: Actor): Promise<TriageView> {
  const [incidents, resolveSuggestions] = await Promise.all([listTriageIncidents(services.db), listIncidentsWithAllAlertsResolved(services.db)]);
  const counts = await countAlertsByIncident(
    services.db,
    incidents.map((i) => i.id),
  );
  return {
    incidents: incidents.map((incident) => {
      const count = counts.get(incident.id) ?? { firing: 0, total: 0 };
      return { ...incident, ...count, allResolved: count.total > 0 && count.firing === 0 };
    }),
    resolveSuggestions,
  };
}

export interface IncidentAlertsView {
  state: IncidentState;
  dismissedReason: string | null;
  /** Firing first; at most 200 (the counts are exact). */
  alerts: IncidentAlert[];
  firing: number;
  total: number;
}

/** The alerts an incident carries and its triage state, for the incident page. */
export async function loadIncidentAlerts(services: Services, incidentId: string): Promise<IncidentAlertsView | null> {
  const [state, alerts, counts] = await Promise.all([
    findIncidentTriageState(services.db, incidentId),
    listIncidentAlerts(services.db, incidentId),
    countAlertsByIncident(services.db, [incidentId]),
  ]);
  if (state === null) return null;
  const count = counts.get(incidentId) ?? { firing: 0, total: 0 };
  return { state: state.state, dismissedReason: state.dismissedReason, alerts, ...count };
}

/**
 * The declare form prefilled from a triage incident: its title, suggested severity,
 * components and their suggested status, and the suggested first update (the draft).
 * Null when it is not waiting in triage any more.
 */
export async function triageDeclareValues(services: Services, actor: Actor, incidentId: string): Promise<DeclareValues | null> {
  const [incident, state, triage] = await Promise.all([findIncidentById(services.db, incidentId), findIncidentTriageState(services.db, incidentId), listTriageIncidents(services.db)]);
  if (!incident || state?.state !== 'triage' || incident.resolvedAt !== null) return null;
  const row = triage.find((t) => t.id === incidentId);
  return {
    title: incident.title,
    severity: incident.severity,
    impact: '',
    components: Object.fromEntries(incident.components.map((c) => [c.componentId, c.status])),
    commanderId: '',
    commsLeadId: actor.id,
    expertIds: [],
    audience: 'external',
    status: 'investigating',
    body: row?.draft?.body ?? '',
    notify: true,
    templateId: '',
  };
}
