import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus, Severity } from '../domain/types.ts';
import type { WebhookEventType } from '../domain/webhook.ts';
import type { Indicator } from '../status/snapshot.ts';

/*
 * What happened, as recorded when it happened (deliveries.payload): every endpoint
 * and every retry renders the same facts, whatever changes later. The payload
 * builders (payloads/*.ts) turn it into each kind's JSON.
 */

export interface WebhookEventPage {
  id: string;
  name: string;
  /** The public page's URL: "/" when recorded, made absolute with PUBLIC_URL when sent (withPublicUrl). */
  url: string;
  indicator: Indicator;
  description: string;
}

export interface WebhookEventComponent {
  id: string;
  name: string;
  status: ComponentStatus;
}

export interface WebhookEventAffectedComponent {
  id: string;
  name: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
}

export interface WebhookEventUpdate {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  audience: 'external' | 'internal';
  /** ISO instant it was published. */
  createdAt: string;
  affectedComponents: WebhookEventAffectedComponent[];
}

export interface WebhookEventIncident {
  id: string;
  name: string;
  status: IncidentStatus | MaintenanceStatus;
  impact: Impact | 'maintenance';
  /** Null for a maintenance. */
  severity: Severity | null;
  /** Where a reader follows it: the public page, or the hub for internal events (a path when recorded). */
  url: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  /** Newest first, as Statuspage lists them. */
  updates: WebhookEventUpdate[];
  components: WebhookEventComponent[];
}

export interface WebhookComponentChange {
  /** Names this change (a Statuspage component_update id). */
  id: string;
  component: WebhookEventComponent & { description: string | null; position: number; groupId: string | null; createdAt: string; updatedAt: string };
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
  createdAt: string;
}

export interface WebhookOverdue {
  /** ISO instants. */
  dueAt: string;
  lastUpdateAt: string;
  targetMinutes: number;
}

export interface WebhookEvent {
  type: WebhookEventType | 'test';
  /** internal: only endpoints whose audience is "all" ever receive it. */
  audience: 'external' | 'internal';
  occurredAt: string;
  page: WebhookEventPage;
  incident: WebhookEventIncident | null;
  componentChange: WebhookComponentChange | null;
  overdue: WebhookOverdue | null;
  /** 'postmortem.published': the public part as published (absent on other events). */
  postmortem?: WebhookPostmortem | null;
}

export interface WebhookPostmortem {
  /** Markdown: the sections the publisher ticked, frozen at publication. */
  body: string;
  /** ISO instant. */
  publishedAt: string;
}

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  const event = value as Partial<WebhookEvent> | null;
  return typeof event === 'object' && event !== null && typeof event.type === 'string' && typeof event.occurredAt === 'string' && typeof event.page === 'object' && event.page !== null;
}

/** The update the event is about (the newest), if any. */
export function latestUpdate(event: WebhookEvent): WebhookEventUpdate | null {
  return event.incident?.updates[0] ?? null;
}

/** The event with its links made absolute (they are recorded as paths, so PUBLIC_URL may change). */
export function withPublicUrl(event: WebhookEvent, publicUrl: string): WebhookEvent {
  const absolute = (path: string): string => (/^https?:\/\//.test(path) ? path : `${publicUrl}${path.startsWith('/') ? '' : '/'}${path}`);
  return {
    ...event,
    page: { ...event.page, url: absolute(event.page.url) },
    incident: event.incident === null ? null : { ...event.incident, url: absolute(event.incident.url) },
  };
}
