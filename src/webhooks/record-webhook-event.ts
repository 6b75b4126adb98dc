import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { PendingNotification } from '../../db/queries/notifications.ts';
import {
  anyEndpointWants,
  type EventOwnerRow,
  type EventUpdateRow,
  findComponentsForEvent,
  findIncidentForEvent,
  findMaintenanceForEvent,
  findPageStatusInputs,
  insertWebhookDeliveries,
  listPublishedUpdatesFor,
} from '../../db/queries/webhook-events.ts';
import type { Audience, ComponentStatus } from '../domain/types.ts';
import type { WebhookEventType } from '../domain/webhook.ts';
import { computeOverallStatus } from '../status/overall-status.ts';
import type { WebhookEvent, WebhookEventIncident, WebhookEventPage } from './webhook-event.ts';

/*
 * The webhook channel of the outbox. Each function runs inside the transaction
 * that makes its event happen (or, for update notifications, the delivery loop's
 * fan-out transaction) and queues one 'webhook' delivery per endpoint that wants
 * it, with the event's facts as the payload; the delivery loop posts them. Nothing
 * is sent here, and nothing is queued if the transaction rolls back.
 */

async function pageOf(db: Db): Promise<WebhookEventPage> {
  const inputs = await findPageStatusInputs(db);
  const overall = computeOverallStatus(inputs);
  return { id: inputs.pageId, name: inputs.pageName, url: '/', indicator: overall.indicator, description: overall.description };
}

function incidentOf(owner: EventOwnerRow, updates: EventUpdateRow[], path: string): WebhookEventIncident {
  return {
    id: owner.id,
    name: owner.title,
    status: owner.status,
    impact: owner.impact,
    severity: owner.severity,
    url: path,
    createdAt: owner.createdAt.toISOString(),
    updatedAt: owner.updatedAt.toISOString(),
    startedAt: owner.startedAt.toISOString(),
    monitoringAt: owner.monitoringAt?.toISOString() ?? null,
    resolvedAt: owner.resolvedAt?.toISOString() ?? null,
    scheduledFor: owner.scheduledFor?.toISOString() ?? null,
    scheduledUntil: owner.scheduledUntil?.toISOString() ?? null,
    updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      audience: u.audience,
      createdAt: u.publishedAt.toISOString(),
      affectedComponents: u.changes.map((c) => ({ id: c.componentId, name: c.name, oldStatus: c.oldStatus, newStatus: c.newStatus })),
    })),
    components: owner.components,
  };
}

/** Which event an update is: the first one of its incident (for its audience) creates it. */
function updateEventType(notification: PendingNotification, updates: EventUpdateRow[], updateId: string): WebhookEventType {
  if (notification.kind === 'maintenance') return 'maintenance';
  const update = updates.find((u) => u.id === updateId);
  if (update?.status === 'resolved') return 'incident.resolved';
  return updates.length <= 1 ? 'incident.created' : 'incident.updated';
}

/**
 * An update's notification, at its fan-out: external updates go to every endpoint
 * that wants the event, internal ones only to endpoints whose audience is "all".
 */
export async function recordUpdateWebhooks(trx: Db, notification: PendingNotification, at: Date): Promise<number> {
  const update = await trx.selectFrom('updates').select(['id', 'incident_id', 'maintenance_id']).where('id', '=', notification.updateId).executeTakeFirst();
  if (!update) return 0;
  const audience: Audience = notification.audience;
  const owner = update.incident_id !== null ? await findIncidentForEvent(trx, update.incident_id) : update.maintenance_id !== null ? await findMaintenanceForEvent(trx, update.maintenance_id) : null;
  if (owner === null) return 0;
  const updates = await listPublishedUpdatesFor(trx, { incidentId: update.incident_id, maintenanceId: update.maintenance_id }, audience === 'internal');
  // Newest first, up to the update notified (a later one may already be published when the fan-out runs).
  const upTo = updates.slice(Math.max(0, updates.findIndex((u) => u.id === update.id)));
  const type = update.maintenance_id !== null ? 'maintenance' : updateEventType(notification, upTo, update.id);
  if (!(await anyEndpointWants(trx, type, audience))) return 0;
  const path =
    audience === 'internal'
      ? update.incident_id !== null
        ? `/admin/incidents/${encodeURIComponent(owner.id)}`
        : `/admin/maintenance/${encodeURIComponent(owner.id)}`
      : update.incident_id !== null
        ? `/incidents/${encodeURIComponent(owner.id)}`
        : '/';
  const event: WebhookEvent = {
    type,
    audience,
    occurredAt: (upTo[0]?.publishedAt ?? at).toISOString(),
    page: await pageOf(trx),
    incident: incidentOf(owner, upTo, path),
    componentChange: null,
    overdue: null,
  };
  return insertWebhookDeliveries(trx, { eventKey: `notification:${notification.id}`, event: type, audience, notificationId: notification.id, payload: { ...event }, at });
}

export interface ComponentChange {
  componentId: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

/** Component status changes (applyDerivedComponentStatuses): one event per component changed. */
export async function recordComponentWebhooks(trx: Db, changes: readonly ComponentChange[], at: Date): Promise<number> {
  if (changes.length === 0 || !(await anyEndpointWants(trx, 'component.updated', 'external'))) return 0;
  const page = await pageOf(trx);
  const components = new Map((await findComponentsForEvent(trx, changes.map((c) => c.componentId))).map((c) => [c.id, c]));
  let queued = 0;
  for (const change of changes) {
    const component = components.get(change.componentId);
    if (component === undefined) continue;
    const id = randomBytes(9).toString('base64url');
    const event: WebhookEvent = {
      type: 'component.updated',
      audience: 'external',
      occurredAt: at.toISOString(),
      page,
      incident: null,
      componentChange: {
        id,
        component: { id: component.id, name: component.name, status: change.newStatus, description: component.description, position: component.position, groupId: component.groupId, createdAt: component.createdAt.toISOString(), updatedAt: component.updatedAt.toISOString() },
        oldStatus: change.oldStatus,
        newStatus: change.newStatus,
        createdAt: at.toISOString(),
      },
      overdue: null,
    };
    queued += await insertWebhookDeliveries(trx, { eventKey: `component:${id}`, event: 'component.updated', audience: 'external', notificationId: null, payload: { ...event }, at });
  }
  return queued;
}

/** An overdue external update (notify-overdue.ts): a nudge to the team's own channels only. */
export async function recordOverdueWebhooks(trx: Db, nudge: { incidentId: string; dueAt: Date; lastUpdateAt: Date; targetMinutes: number }, at: Date): Promise<number> {
  if (!(await anyEndpointWants(trx, 'update.overdue', 'internal'))) return 0;
  const owner = await findIncidentForEvent(trx, nudge.incidentId);
  if (owner === null) return 0;
  const updates = await listPublishedUpdatesFor(trx, { incidentId: owner.id, maintenanceId: null }, false);
  const event: WebhookEvent = {
    type: 'update.overdue',
    audience: 'internal',
    occurredAt: at.toISOString(),
    page: await pageOf(trx),
    incident: incidentOf(owner, updates.slice(0, 1), `/admin/incidents/${encodeURIComponent(owner.id)}`),
    componentChange: null,
    overdue: { dueAt: nudge.dueAt.toISOString(), lastUpdateAt: nudge.lastUpdateAt.toISOString(), targetMinutes: nudge.targetMinutes },
  };
  return insertWebhookDeliveries(trx, { eventKey: `overdue:${owner.id}:${nudge.dueAt.getTime()}`, event: 'update.overdue', audience: 'internal', notificationId: null, payload: { ...event }, at });
}

/** A postmortem published publicly (publish-postmortem-publicly.ts): its public part, to endpoints that want it. */
export async function recordPostmortemWebhooks(trx: Db, published: { incidentId: string; body: string; publishedAt: Date }, at: Date): Promise<number> {
  if (!(await anyEndpointWants(trx, 'postmortem.published', 'external'))) return 0;
  const owner = await findIncidentForEvent(trx, published.incidentId);
  if (owner === null) return 0;
  const updates = await listPublishedUpdatesFor(trx, { incidentId: owner.id, maintenanceId: null }, false);
  const event: WebhookEvent = {
    type: 'postmortem.published',
    audience: 'external',
    occurredAt: at.toISOString(),
    page: await pageOf(trx),
    incident: incidentOf(owner, updates, `/incidents/${encodeURIComponent(owner.id)}`),
    componentChange: null,
    overdue: null,
    postmortem: { body: published.body, publishedAt: published.publishedAt.toISOString() },
  };
  return insertWebhookDeliveries(trx, { eventKey: `postmortem:${owner.id}:${published.publishedAt.getTime()}`, event: 'postmortem.published', audience: 'external', notificationId: null, payload: { ...event }, at });
}

/** "Send test event": one delivery to one endpoint, through the same outbox. */
export async function recordTestWebhook(trx: Db, endpointId: string, at: Date): Promise<number> {
  const event: WebhookEvent = { type: 'test', audience: 'external', occurredAt: at.toISOString(), page: await pageOf(trx), incident: null, componentChange: null, overdue: null };
  return insertWebhookDeliveries(trx, { eventKey: `test:${randomBytes(9).toString('base64url')}`, event: 'test', audience: 'external', notificationId: null, payload: { ...event }, at, endpointId });
}
