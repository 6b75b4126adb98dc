import { listAlertRoutes } from '../../db/queries/alert-routes.ts';
import { listComponents } from '../../db/queries/components.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { AlertRoute, RouteAction, RouteComponentStatus } from '../domain/alerts.ts';
import { ROUTE_ACTIONS, ROUTE_COMPONENT_STATUSES } from '../domain/alerts.ts';
import type { Component, Severity } from '../domain/types.ts';
import { SEVERITIES } from '../domain/types.ts';
import { type FormValues, listField, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { deleteAlertRouteById, moveAlertRouteBy } from './change-alert-routes.ts';
import { parseMatchers, pickRoute } from './matchers.ts';
import { DEFAULT_ROUTE_TEMPLATE, ROUTE_TEMPLATE_PLACEHOLDERS } from './route-template.ts';
import { saveAlertRoute } from './save-alert-route.ts';

/** pages/admin/alert-routes.astro: the ordered routes, the add/edit form, and "which route would take these labels?". */

export interface RouteValues {
  routeId: string;
  name: string;
  matchers: string;
  componentIds: string[];
  componentStatus: string;
  severity: string;
  updateTemplate: string;
  action: string;
  setComponentStatus: boolean;
  autoResolve: boolean;
}

export interface AlertRoutesPageView {
  status: number;
  routes: (AlertRoute & { componentNames: string[] })[];
  components: Component[];
  /** The form: a new route, or the one being edited. */
  values: RouteValues;
  editing: AlertRoute | null;
  errors: Record<string, string>;
  /** Errors of a move or delete, shown at the top. */
  listError: string | null;
  notice: string | null;
  placeholders: readonly { token: string; meaning: string }[];
  choices: { severities: readonly Severity[]; statuses: readonly RouteComponentStatus[]; actions: readonly RouteAction[] };
  /** "Which route?": the labels typed and the route they reach. */
  trial: { labels: string; route: AlertRoute | null; error: string | null } | null;
}

const NOTICES: Record<string, string> = {
  saved: 'Route saved. New alerts are routed by it at once.',
  deleted: 'Route removed. Incidents it opened keep their alerts.',
  moved: 'Order changed: routes are tried from the top.',
};

const fresh = (): RouteValues => ({
  routeId: '',
  name: '',
  matchers: '',
  componentIds: [],
  componentStatus: 'partial_outage',
  severity: 'SEV2',
  updateTemplate: DEFAULT_ROUTE_TEMPLATE,
  action: 'triage',
  setComponentStatus: false,
  autoResolve: false,
});

const valuesOf = (route: AlertRoute): RouteValues => ({
  routeId: route.id,
  name: route.name,
  matchers: route.matchers,
  componentIds: route.componentIds,
  componentStatus: route.componentStatus,
  severity: route.severity,
  updateTemplate: route.updateTemplate,
  action: route.action,
  setComponentStatus: route.setComponentStatus,
  autoResolve: route.autoResolve,
});

/** "service=api, severity=page" (or one per line) as labels. */
export function parseTrialLabels(text: string): { labels: Record<string, string> } | { error: string } {
  const parsed = parseMatchers(text);
  if (!parsed.ok) return { error: parsed.errors['matchers'] ?? 'Write labels as name=value.' };
  const wrong = parsed.value.find((m) => m.op !== '=');
  if (wrong) return { error: `Write labels as name=value (not ${wrong.op}).` };
  return { labels: Object.fromEntries(parsed.value.map((m) => [m.label, m.value])) };
}

async function view(services: Services, actor: Actor, query: URLSearchParams, parts: Partial<AlertRoutesPageView>): Promise<AlertRoutesPageView> {
  requirePermission(actor, 'alertRoute.manage');
  const [routes, components] = await Promise.all([listAlertRoutes(services.db), listComponents(services.db)]);
  const names = new Map(components.map((c) => [c.id, c.name]));
  const editId = query.get('edit');
  const editing = routes.find((r) => r.id === (parts.values?.routeId || editId)) ?? null;
  const trialText = query.get('labels');
  let trial: AlertRoutesPageView['trial'] = null;
  if (trialText !== null) {
    const labels = parseTrialLabels(trialText);
    trial = 'error' in labels ? { labels: trialText, route: null, error: labels.error } : { labels: trialText, route: pickRoute(routes, labels.labels), error: null };
  }
  return {
    status: 200,
    routes: routes.map((r) => ({ ...r, componentNames: r.componentIds.map((id) => names.get(id) ?? 'a removed component') })),
    components,
    values: editing && !parts.values ? valuesOf(editing) : fresh(),
    editing,
    errors: {},
    listError: null,
    notice: NOTICES[query.get('done') ?? ''] ?? null,
    placeholders: ROUTE_TEMPLATE_PLACEHOLDERS,
    choices: { severities: SEVERITIES, statuses: ROUTE_COMPONENT_STATUSES, actions: ROUTE_ACTIONS },
    trial,
    ...parts,
  };
}

export function loadAlertRoutesPage(services: Services, actor: Actor, query: URLSearchParams): Promise<AlertRoutesPageView> {
  return view(services, actor, query, {});
}

/** POST: save (add or edit), move up/down, delete. Success redirects; errors re-render with what was typed. */
export async function handleAlertRoutesPost(services: Services, actor: Actor, query: URLSearchParams, form: FormValues): Promise<{ redirect: string } | AlertRoutesPageView> {
  const intent = textField(form, 'intent');
  const routeId = textField(form, 'routeId');
  if (intent === 'up' || intent === 'down' || intent === 'delete') {
    const result = intent === 'delete' ? await deleteAlertRouteById(services, actor, routeId) : await moveAlertRouteBy(services, actor, routeId, intent === 'up' ? -1 : 1);
    if (result.ok) return { redirect: `/admin/alert-routes?done=${intent === 'delete' ? 'deleted' : 'moved'}` };
    return view(services, actor, query, { status: 400, listError: Object.values(result.errors)[0] ?? null });
  }
  const values: RouteValues = {
    routeId,
    name: textField(form, 'name'),
    matchers: textField(form, 'matchers'),
    componentIds: listField(form, 'componentIds'),
    componentStatus: textField(form, 'componentStatus'),
    severity: textField(form, 'severity'),
    updateTemplate: textField(form, 'updateTemplate'),
    action: textField(form, 'action'),
    setComponentStatus: textField(form, 'setComponentStatus') !== '',
    autoResolve: textField(form, 'autoResolve') !== '',
  };
  const result = await saveAlertRoute(services, actor, form);
  if (result.ok) return { redirect: '/admin/alert-routes?done=saved' };
  return view(services, actor, query, { status: 400, values, errors: result.errors });
}
