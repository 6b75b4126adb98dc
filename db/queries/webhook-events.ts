import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { Audience, ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from '../../src/domain/types.ts';

/*
 * What a webhook event records (src/webhooks/webhook-event.ts), read inside the
 * transaction that makes it happen, and the fan-out of one event to the endpoints
 * that want it (deliveries of kind 'webhook').
 */

export interface EventUpdateRow {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  audience: Audience;
  publishedAt: Date;
  changes: { componentId: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
}

/** Published updates of an incident or maintenance, newest first; `internalToo` adds internal ones. */
export async function listPublishedUpdatesFor(db: Db, owner: { incidentId: string | null; maintenanceId: string | null }, internalToo: boolean): Promise<EventUpdateRow[]> {
  let query = db
    .selectFrom('updates')
    .select(['id', 'status', 'body', 'audience', 'published_at', 'created_at'])
    .where('state', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc');
  query = owner.incidentId !== null ? query.where('incident_id', '=', owner.incidentId) : query.where('maintenance_id', '=', owner.maintenanceId ?? '');
  if (!internalToo) query = query.where('audience', '=', 'external');
  const updates = await query.execute();
  if (updates.length === 0) return [];
  const changes = await db
    .selectFrom('update_components as uc')
    .innerJoin('components as c', 'c.id', 'uc.component_id')
    .select(['uc.update_id', 'uc.component_id', 'c.name', 'uc.old_status', 'uc.new_status'])
    .where(
      'uc.update_id',
      'in',
      updates.map((u) => u.id),
    )
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  return updates.map((u) => ({
    id: u.id,
    status: u.status,
    body: u.body,
    audience: u.audience,
    publishedAt: u.published_at ?? u.created_at,
    changes: changes.filter((c) => c.update_id === u.id).map((c) => ({ componentId: c.component_id, name: c.name, oldStatus: c.old_status, newStatus: c.new_status })),
  }));
}

export interface EventOwnerRow {
  id: string;
  title: string;
  status: IncidentStatus | MaintenanceStatus;
  impact: Impact | 'maintenance';
  severity: 'SEV1' | 'SEV2' | 'SEV3' | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  components: { id: string; name: string; status: ComponentStatus }[];
}

export async function findIncidentForEvent(db: Db, incidentId: string): Promise<EventOwnerRow | null> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', incidentId).executeTakeFirst();
  if (!row) return null;
  const components = await db
    .selectFrom('incident_components as ic')
    .innerJoin('components as c', 'c.id', 'ic.component_id')
    .select(['c.id', 'c.name', 'ic.status'])
    .where('ic.incident_id', '=', incidentId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    severity: row.severity,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    monitoringAt: row.monitoring_at,
    resolvedAt: row.resolved_at,
    scheduledFor: null,
    scheduledUntil: null,
    components,
  };
}

export async function findMaintenanceForEvent(db: Db, maintenanceId: string): Promise<EventOwnerRow | null> {
  const row = await db.selectFrom('maintenances').selectAll().where('id', '=', maintenanceId).executeTakeFirst();
  if (!row) return null;
  const components = await db
    .selectFrom('maintenance_components as mc')
    .innerJoin('components as c', 'c.id', 'mc.component_id')
    .select(['c.id', 'c.name', 'c.status'])
    .where('mc.maintenance_id', '=', maintenanceId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    severity: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at ?? row.scheduled_for,
    monitoringAt: null,
    resolvedAt: row.completed_at,
    scheduledFor: row.scheduled_for,
    scheduledUntil: row.scheduled_until,
    components,
  };
}

export interface PageStatusInputs {
  pageId: string;
  pageName: string;
  componentStatuses: ComponentStatus[];
  openIncidentImpacts: Impact[];
  maintenanceInProgress: boolean;
}

/** What the page's status indicator is computed from, now. */
export async function findPageStatusInputs(db: Db): Promise<PageStatusInputs> {
  const settings = await db.selectFrom('page_settings').select(['id', 'name']).executeTakeFirst();
  const components = await db.selectFrom('components').select('status').execute();
  const incidents = await db.selectFrom('incidents').select('impact').where('resolved_at', 'is', null).execute();
  const maintenance = await db.selectFrom('maintenances').select('id').where('status', '=', 'in_progress').limit(1).executeTakeFirst();
  return {
    pageId: settings?.id ?? 'page',
    pageName: settings?.name ?? 'Status',
    componentStatuses: components.map((c) => c.status),
    openIncidentImpacts: incidents.map((i) => i.impact),
    maintenanceInProgress: maintenance !== undefined,
  };
}

export interface ComponentEventRow {
  id: string;
  name: string;
  status: ComponentStatus;
  description: string | null;
  position: number;
  groupId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function findComponentsForEvent(db: Db, ids: readonly string[]): Promise<ComponentEventRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('components').select(['id', 'name', 'status', 'description', 'position', 'group_id', 'created_at', 'updated_at']).where('id', 'in', [...ids]).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, description: r.description, position: r.position, groupId: r.group_id, createdAt: r.created_at, updatedAt: r.updated_at }));
}

/** Whether any enabled endpoint wants this event (saves building it when none does). */
export async function anyEndpointWants(db: Db, event: string, audience: Audience): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('disabled_at', 'is', null)
    .where(sql<boolean>`events @> ${JSON.stringify([event])}::jsonb`)
    .$if(audience === 'internal', (q) => q.where('audience', '=', 'all'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface WebhookFanOut {
  /** Stable name of the event: with the endpoint's id, it makes the webhook-id. */
  eventKey: string;
  event: string;
  audience: Audience;
  notificationId: string | null;
  payload: Record<string, unknown>;
  at: Date;
  /** Only this endpoint (a test event), whatever its events. */
  endpointId?: string;
}

/**
 * One queued 'webhook' delivery per enabled endpoint that wants the event: its
 * events include it, and for an internal event its audience is "all" (an
 * external-only endpoint never receives internal updates). The message id (the
 * webhook-id header) is derived from the event and the endpoint, so it is the
 * same on every retry and a fan-out retried after a crash adds nothing (unique
 * per notification and recipient). Returns how many were queued.
 */
export async function insertWebhookDeliveries(trx: Db, fanOut: WebhookFanOut): Promise<number> {
  const payload = JSON.stringify(fanOut.payload);
  const only = fanOut.endpointId ?? null;
  const result = await sql`
    insert into deliveries (kind, notification_id, webhook_endpoint_id, subscriber_id, recipient, message_id, status, payload, created_at)
    select 'webhook', ${fanOut.notificationId}::text, e.id, null, 'webhook:' || e.id, 'msg_' || md5(${fanOut.eventKey}::text || ':' || e.id), 'queued', ${payload}::jsonb, ${fanOut.at}::timestamptz
    from webhook_endpoints e
    where e.disabled_at is null
      and (${only}::text is null or e.id = ${only}::text)
      and (${only}::text is not null or e.events @> ${JSON.stringify([fanOut.event])}::jsonb)
      and (${fanOut.audience}::text = 'external' or e.audience = 'all')
    order by e.id
    on conflict do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}
