import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { findIncidentDetail, listOpenIncidentSummaries, listPendingUpdates, listRecentIncidents } from '../../db/queries/incident-admin.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { type CadenceStatus, cadenceStatus } from './cadence.ts';
import type { IncidentDetail, IncidentSummary, PendingUpdate, UpdateView } from '../domain/incident-views.ts';

/**
 * What the hub's overview pages read: the dashboard (pages/admin/index.astro), the
 * incident list (pages/admin/incidents/index.astro) and the internal status page
 * (pages/admin/status.astro). Every signed-in role may read them (the middleware
 * lets only signed-in people into /admin).
 */

export interface DashboardView {
  /** Overdue first (most overdue on top), then most severe, newest. */
  incidents: { incident: IncidentSummary; cadence: CadenceStatus }[];
  overdueCount: number;
  /** Drafts and scheduled updates. */
  pending: PendingUpdate[];
  /** Scheduled updates the scheduler refused to publish for their author: a person decides. */
  blocked: PendingUpdate[];
}

export async function loadDashboard(services: Services, _actor: Actor, now: Date): Promise<DashboardView> {
  const [open, pending, targets] = await Promise.all([
    listOpenIncidentSummaries(services.db),
    listPendingUpdates(services.db),
    findCadenceTargets(services.db),
  ]);
  // The query's order is most severe, newest; overdue ones go first.
  const incidents = open
    .map((incident, index) => ({ incident, index, cadence: cadenceStatus(incident, targets, now) }))
    .sort((a, b) => {
      if (a.cadence.overdue !== b.cadence.overdue) return a.cadence.overdue ? -1 : 1;
      if (a.cadence.overdue && b.cadence.overdue) return a.cadence.dueAt!.getTime() - b.cadence.dueAt!.getTime();
      return a.index - b.index;
    })
    .map(({ incident, cadence }) => ({ incident, cadence }));
  return {
    incidents,
    overdueCount: incidents.filter((i) => i.cadence.overdue).length,
    pending,
    blocked: pending.filter((u) => u.publishBlockedReason !== null),
  };
}

export interface IncidentListSection {
  id: string;
  heading: string;
  items: IncidentSummary[];
  empty: string;
}

const RECENT_LIMIT = 50;

/** Open incidents, then the recently resolved ones. */
export async function loadIncidentList(services: Services, _actor: Actor): Promise<IncidentListSection[]> {
  const [open, recent] = await Promise.all([listOpenIncidentSummaries(services.db), listRecentIncidents(services.db, RECENT_LIMIT)]);
  return [
    { id: 'open', heading: `Open (${open.length})`, items: open, empty: 'No open incidents.' },
    { id: 'resolved', heading: 'Recently resolved', items: recent.filter((i) => i.resolvedAt !== null), empty: 'No resolved incidents yet.' },
  ];
}

export interface InternalStatusIncident {
  detail: IncidentDetail;
  /** The latest published update of each audience. */
  external: UpdateView | null;
  internal: UpdateView | null;
  /** The three latest notes, newest first. */
  notes: IncidentDetail['timeline'];
}

/** Every open incident, public or not, with its latest updates and notes. */
export async function loadInternalStatus(services: Services, _actor: Actor): Promise<InternalStatusIncident[]> {
  const summaries = await listOpenIncidentSummaries(services.db);
  // A handful of open incidents at most: one detail read each is fine.
  const details = (await Promise.all(summaries.map((s) => findIncidentDetail(services.db, s.id)))).filter((d): d is IncidentDetail => d !== null);
  const latest = (d: IncidentDetail, audience: 'external' | 'internal'): UpdateView | null =>
    d.updates.filter((u) => u.audience === audience && u.state === 'published').sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime())[0] ?? null;
  return details.map((detail) => ({
    detail,
    external: latest(detail, 'external'),
    internal: latest(detail, 'internal'),
    notes: detail.timeline.filter((e) => e.kind === 'note.added').slice(-3).reverse(),
  }));
}
