import type { Db } from '../../db/client.ts';
import {
  countFiringAlerts,
  findLatestAlertGroup,
  findOpenIncidentOfComponents,
  hasPersonTouchedIncident,
  insertAlertGroup,
  insertIncidentAlerts,
  findChangedAlerts,
  lockAlertGroupKey,
  touchAlertGroup,
  updateIncidentAlertStatus,
} from '../../db/queries/alert-groups.ts';
import { listAlertRoutes } from '../../db/queries/alert-routes.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listIncidentClaimedComponentIds, upsertIncidentComponentStatus } from '../../db/queries/incident-component-statuses.ts';
import { findIncidentById, insertIncident, moveIncidentStatus } from '../../db/queries/incidents.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { markIncidentTriage } from '../../db/queries/triage-incidents.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import type { AlertNotification, AlertRoute, IncomingAlert } from '../domain/alerts.ts';
import type { Component } from '../domain/types.ts';
import type { Services } from '../services.ts';
import { impactForSeverity } from '../incidents/declare-form.ts';
import { pickRoute } from './matchers.ts';
import { fillRouteTemplate } from './route-template.ts';

/**
 * Alert intake: one notification (one POST from Alertmanager, Grafana or the generic
 * endpoint), in one transaction.
 *
 * - Alerts of one group (Alertmanager's groupKey, or a dedup_key) belong to one
 *   incident: the first firing notification opens a TRIAGE incident (internal, state
 *   'triage', with its route's severity, suggested component statuses and a DRAFT
 *   first public update from the route's template), or joins an open incident of
 *   the route's components when the route says "attach".
 * - Repeated notifications add nothing but changes to the timeline: a new alert in
 *   the group ("2 new alerts: …"), an alert resolving or firing again.
 * - When every alert has resolved, the timeline says so and the hub suggests
 *   "Resolve?"; only a route with auto-resolve resolves it, and only while nobody
 *   has acted on the incident.
 * - A group whose incident was resolved takes a new incident when it fires again;
 *   a dismissed one keeps absorbing its group's notifications until they resolve.
 */

/** Who sent the notification: an API token (its name is the actor on the timeline, its id in the audit). */
export interface AlertCaller {
  /** The token as an actor id (`token:<id>`, see src/tokens/token-actor.ts). */
  actorId: string;
  name: string;
}

export type IntakeOutcome =
  | { kind: 'opened'; incidentId: string; alerts: number }
  | { kind: 'attached'; incidentId: string; alerts: number }
  | { kind: 'updated'; incidentId: string; added: number; changed: number; allResolved: boolean; autoResolved: boolean }
  | { kind: 'ignored'; reason: string };

const NAMES_LISTED = 10;

function names(alerts: IncomingAlert[]): string[] {
  return alerts.slice(0, NAMES_LISTED).map((alert) => alertLabel(alert));
}

/** "HighErrorRate (instance=api-1)": the alert's name and the labels that tell it apart. */
function alertLabel(alert: IncomingAlert): string {
  const distinct = ['instance', 'pod', 'host', 'job', 'service'].map((key) => alert.labels[key]).filter(Boolean);
  return distinct.length > 0 ? `${alert.name} (${distinct.slice(0, 2).join(', ')})` : alert.name;
}

/** The route's components, plus the generic source's `component` when it names one. */
function routeComponents(route: AlertRoute | null, notification: AlertNotification, catalog: Component[]): Component[] {
  const ids = new Set(route?.componentIds ?? []);
  if (notification.component) {
    const wanted = notification.component.toLowerCase();
    const named = catalog.find((c) => c.id === notification.component || c.name.toLowerCase() === wanted);
    if (named) ids.add(named.id);
  }
  return catalog.filter((c) => ids.has(c.id));
}

export async function receiveAlerts(services: Services, caller: AlertCaller, notification: AlertNotification): Promise<IntakeOutcome> {
  const now = services.now();
  let refresh = false;
  const outcome = await services.db.transaction().execute(async (trx): Promise<IntakeOutcome> => {
    await lockAlertGroupKey(trx, notification.source, notification.dedupeKey);
    const latest = await findLatestAlertGroup(trx, notification.source, notification.dedupeKey);
    const live =
      latest !== null &&
      ((!latest.incidentResolved && latest.incidentState !== 'dismissed') || (latest.incidentState === 'dismissed' && latest.status === 'firing'));
    const event = { actor: caller.name, actorId: caller.actorId, occurredAt: now };

    if (latest !== null && live) {
      const result = await applyToGroup(trx, latest, notification, event, now);
      refresh = result.autoResolved;
      return result;
    }

    const firing = notification.alerts.filter((alert) => alert.status === 'firing');
    if (firing.length === 0) return { kind: 'ignored', reason: 'Every alert in this notification has resolved, and no open incident holds them.' };

    const [routes, catalog] = await Promise.all([listAlertRoutes(trx), listComponents(trx)]);
    const route = pickRoute(routes, notification.commonLabels);
    const components = routeComponents(route, notification, catalog);
    const componentStatus = route?.componentStatus ?? 'partial_outage';
    const groupStatus = notification.alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved';

    if (route?.action === 'attach') {
      const openId = await findOpenIncidentOfComponents(
        trx,
        components.map((c) => c.id),
      );
      if (openId !== null) {
        const groupId = await insertAlertGroup(trx, { source: notification.source, dedupeKey: notification.dedupeKey, incidentId: openId, routeId: route.id, status: groupStatus }, now);
        await insertIncidentAlerts(trx, groupId, openId, notification.alerts, now);
        await touchAlertGroup(trx, groupId, groupStatus, now);
        await insertTimelineEvent(trx, {
          ...event,
          incidentId: openId,
          kind: 'alert.attached',
          details: { source: notification.source, route: route.name, title: notification.title, count: notification.alerts.length, alerts: names(notification.alerts) },
        });
        return { kind: 'attached', incidentId: openId, alerts: notification.alerts.length };
      }
    }

    const severity = route?.severity ?? 'SEV2';
    const startedAt = new Date(Math.min(now.getTime(), ...firing.map((alert) => alert.startsAt.getTime())));
    const incidentId = await insertIncident(trx, {
      title: notification.title,
      severity,
      impact: impactForSeverity(severity) || 'major',
      status: 'investigating',
      startedAt,
      // Milestones: impact started with the earliest alert, detected when Herald received it.
      detectedAt: now,
      components: components.map((c) => ({ componentId: c.id, status: componentStatus })),
      declaredBy: null,
    });
    await markIncidentTriage(trx, incidentId, notification.source);
    const groupId = await insertAlertGroup(trx, { source: notification.source, dedupeKey: notification.dedupeKey, incidentId, routeId: route?.id ?? null, status: groupStatus }, now);
    await insertIncidentAlerts(trx, groupId, incidentId, notification.alerts, now);
    await touchAlertGroup(trx, groupId, groupStatus, now);
    await insertTimelineEvent(trx, {
      ...event,
      incidentId,
      kind: 'alert.opened',
      details: {
        source: notification.source,
        route: route?.name ?? null,
        severity,
        count: notification.alerts.length,
        firing: firing.length,
        alerts: names(notification.alerts),
        components: components.map((c) => ({ componentId: c.id, name: c.name, status: componentStatus })),
      },
    });
    // The suggested first public update: a DRAFT, published only when a person declares.
    const page = await findPageSettings(trx);
    const body = fillRouteTemplate(route?.updateTemplate ?? '', {
      incidentTitle: notification.title,
      components: components.map((c) => c.name),
      pageName: page?.name ?? '',
      alert: firing[0]!,
    });
    const updateId = await insertUpdate(trx, {
      incidentId,
      audience: 'external',
      state: 'draft',
      status: 'investigating',
      body,
      createdAt: now,
      authorId: null,
      componentChanges: components.map((c) => ({ componentId: c.id, oldStatus: c.status, newStatus: componentStatus })),
    });
    await insertTimelineEvent(trx, { ...event, incidentId, kind: 'update.drafted', details: { updateId, audience: 'external', status: 'investigating' } });

    if (route?.setComponentStatus && components.length > 0) {
      // Opt-in: the components show the route's status at once, as this incident's claim.
      for (const c of components) await upsertIncidentComponentStatus(trx, incidentId, c.id, componentStatus);
      const applied = await applyDerivedComponentStatuses(
        trx,
        components.map((c) => c.id),
        now,
      );
      await insertTimelineEvent(trx, {
        ...event,
        incidentId,
        kind: 'alert.components_set',
        details: { componentChanges: applied.map((a) => ({ componentId: a.componentId, name: a.name, oldStatus: a.oldStatus, newStatus: a.newStatus })) },
      });
      refresh = applied.length > 0;
    }
    return { kind: 'opened', incidentId, alerts: notification.alerts.length };
  });
  if (refresh) services.refreshSnapshot();
  return outcome;
}

async function applyToGroup(
  trx: Db,
  group: { id: string; incidentId: string; routeId: string | null; incidentState: string },
  notification: AlertNotification,
  event: { actor: string; actorId: string; occurredAt: Date },
  now: Date,
): Promise<IntakeOutcome & { kind: 'updated' }> {
  const changes = await findChangedAlerts(trx, group.id, notification.alerts);
  const added: IncomingAlert[] = [];
  const resolved: IncomingAlert[] = [];
  const refired: IncomingAlert[] = [];
  const seen = new Set<string>();
  for (const alert of notification.alerts) {
    if (!changes.has(alert.fingerprint) || seen.has(alert.fingerprint)) continue;
    seen.add(alert.fingerprint);
    if (changes.get(alert.fingerprint) === null) added.push(alert);
    else (alert.status === 'resolved' ? resolved : refired).push(alert);
  }
  const changed = added.length + resolved.length + refired.length > 0;
  if (!changed) {
    // A repeat (Alertmanager resends the group every repeat_interval): nothing for the timeline.
    await touchAlertGroup(trx, group.id, null, now);
    return { kind: 'updated', incidentId: group.incidentId, added: 0, changed: 0, allResolved: false, autoResolved: false };
  }
  if (added.length > 0) await insertIncidentAlerts(trx, group.id, group.incidentId, added, now);
  for (const alert of [...resolved, ...refired]) await updateIncidentAlertStatus(trx, group.id, alert, now);
  const after = await countFiringAlerts(trx, group.incidentId);
  // What fired before this notification: undo its changes on the count.
  const firingBefore = after.firing - added.filter((a) => a.status === 'firing').length - refired.length + resolved.length;
  await touchAlertGroup(trx, group.id, after.firing > 0 ? 'firing' : 'resolved', now);

  const subject = { ...event, incidentId: group.incidentId };
  if (added.length > 0) {
    await insertTimelineEvent(trx, { ...subject, kind: 'alert.added', details: { count: added.length, firing: added.filter((a) => a.status === 'firing').length, alerts: names(added) } });
  }
  if (resolved.length > 0) await insertTimelineEvent(trx, { ...subject, kind: 'alert.resolved', details: { count: resolved.length, alerts: names(resolved) } });
  if (refired.length > 0) await insertTimelineEvent(trx, { ...subject, kind: 'alert.refired', details: { count: refired.length, alerts: names(refired) } });

  const allResolved = firingBefore > 0 && after.firing === 0 && after.total > 0;
  let autoResolved = false;
  if (allResolved) {
    await insertTimelineEvent(trx, { ...subject, kind: 'alert.all_resolved', details: { count: after.total } });
    const route = group.routeId === null ? null : (await listAlertRoutes(trx)).find((r) => r.id === group.routeId) ?? null;
    if (route?.autoResolve && group.incidentState === 'triage' && !(await hasPersonTouchedIncident(trx, group.incidentId))) {
      const incident = await findIncidentById(trx, group.incidentId, { forUpdate: true });
      if (incident && incident.resolvedAt === null) {
        await moveIncidentStatus(trx, incident.id, 'resolved', now);
        const claimed = await listIncidentClaimedComponentIds(trx, incident.id);
        await applyDerivedComponentStatuses(trx, claimed, now);
        await insertTimelineEvent(trx, {
          ...subject,
          kind: 'incident.resolved',
          details: { from: incident.status, to: 'resolved', automatic: true, durationMinutes: Math.round((now.getTime() - incident.startedAt.getTime()) / 60_000) },
        });
        autoResolved = true;
      }
    }
  }
  return { kind: 'updated', incidentId: group.incidentId, added: added.length, changed: resolved.length + refired.length, allResolved, autoResolved };
}
