import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { listComponents } from '../../db/queries/components.ts';
import { findIncidentDetail, listOpenIncidentSummaries, listPendingUpdates, searchIncidentSummaries } from '../../db/queries/incident-admin.ts';
import { INCIDENT_STATUSES, SEVERITIES, type Severity } from '../domain/types.ts';
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

export interface IncidentListView {
  /** What the filter form shows (as typed, or '' for "any"). */
  filters: { q: string; status: string; severity: string; component: string };
  components: { id: string; name: string }[];
  items: IncidentSummary[];
  total: number;
  /** 1-based; clamped to the last page. */
  page: number;
  pages: number;
  /** Links to the neighbouring pages with the same filters; null at either end. */
  previousHref: string | null;
  nextHref: string | null;
  /** "Showing 26–50 of 73". */
  range: string;
}

export const INCIDENTS_PER_PAGE = 25;
const STATUS_FILTERS = ['open', ...INCIDENT_STATUSES] as const;

/**
 * The incident list (pages/admin/incidents/index.astro): search by title or id,
 * filter by status ("open" = any unresolved), severity and component, 25 a page,
 * open incidents first, then the newest. Filters are a GET form, so a filtered
 * list is a link to share; unknown values count as "any", a page past the end
 * shows the last one.
 */
export async function loadIncidentList(services: Services, _actor: Actor, params: URLSearchParams): Promise<IncidentListView> {
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  const statusParam = params.get('status') ?? '';
  const status = (STATUS_FILTERS as readonly string[]).includes(statusParam) ? (statusParam as (typeof STATUS_FILTERS)[number]) : null;
  const severityParam = params.get('severity') ?? '';
  const severity = (SEVERITIES as readonly string[]).includes(severityParam) ? (severityParam as Severity) : null;
  const components = (await listComponents(services.db)).map((c) => ({ id: c.id, name: c.name }));
  const componentParam = params.get('component') ?? '';
  const componentId = components.some((c) => c.id === componentParam) ? componentParam : null;
  const requested = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const search = { text: q, status, severity, componentId, limit: INCIDENTS_PER_PAGE };
  let result = await searchIncidentSummaries(services.db, { ...search, offset: (requested - 1) * INCIDENTS_PER_PAGE });
  const pages = Math.max(1, Math.ceil(result.total / INCIDENTS_PER_PAGE));
  const page = Math.min(requested, pages);
  if (page !== requested) result = await searchIncidentSummaries(services.db, { ...search, offset: (page - 1) * INCIDENTS_PER_PAGE });
  const filters = { q, status: status ?? '', severity: severity ?? '', component: componentId ?? '' };
  const hrefFor = (n: number): string => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== '') query.set(key, value);
    if (n > 1) query.set('page', String(n));
    const text = query.toString();
    return text === '' ? '/admin/incidents' : `/admin/incidents?${text}`;
  };
  const first = (page - 1) * INCIDENTS_PER_PAGE + 1;
  return {
    filters,
    components,
    items: result.items,
    total: result.total,
    page,
    pages,
    previousHref: page > 1 ? hrefFor(page - 1) : null,
    nextHref: page < pages ? hrefFor(page + 1) : null,
    range: result.total === 0 ? 'No incidents match' : `Showing ${first}–${first + result.items.length - 1} of ${result.total}`,
  };
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
