import type { WebhookEvent, WebhookEventIncident } from '../webhook-event.ts';

/*
 * Atlassian Statuspage's webhook JSON (support.atlassian.com/statuspage/docs/enable-webhook-notifications):
 * `meta {unsubscribe, documentation, generated_at}`, `page {id, status_indicator,
 * status_description}`, then either `incident {…, incident_updates[]}` or
 * `component_update {created_at, new_status, old_status, id, component_id}` with
 * `component {…}`. Receivers written for Statuspage read it unchanged. One Herald
 * object, `herald {event, audience, …}`, says which event and audience it is
 * (Statuspage's receivers ignore unknown fields).
 */

export interface GenericPayloadContext {
  /** Where the endpoint is managed (Statuspage: the unsubscribe link). */
  manageUrl: string;
  documentationUrl: string;
}

function incidentObject(event: WebhookEvent, incident: WebhookEventIncident): Record<string, unknown> {
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    impact: incident.impact,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    started_at: incident.startedAt,
    monitoring_at: incident.monitoringAt,
    resolved_at: incident.resolvedAt,
    shortlink: incident.url,
    scheduled_for: incident.scheduledFor,
    scheduled_until: incident.scheduledUntil,
    page_id: event.page.id,
    incident_updates: incident.updates.map((update) => ({
      id: update.id,
      incident_id: incident.id,
      status: update.status,
      body: update.body,
      created_at: update.createdAt,
      updated_at: update.createdAt,
      display_at: update.createdAt,
      affected_components: update.affectedComponents.map((c) => ({ code: c.id, name: c.name, old_status: c.oldStatus ?? c.newStatus, new_status: c.newStatus })),
      deliver_notifications: true,
    })),
    components: incident.components.map((c) => ({ id: c.id, name: c.name, status: c.status, page_id: event.page.id })),
    // Statuspage's incident fields; set on 'postmortem.published' only.
    ...(event.postmortem ? { postmortem_body: event.postmortem.body, postmortem_published_at: event.postmortem.publishedAt } : {}),
  };
}

/** Pure: the generic endpoint's body. */
export function buildGenericPayload(event: WebhookEvent, context: GenericPayloadContext): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    meta: { unsubscribe: context.manageUrl, documentation: context.documentationUrl, generated_at: event.occurredAt },
    page: { id: event.page.id, status_indicator: event.page.indicator, status_description: event.page.description },
  };
  if (event.componentChange !== null) {
    const change = event.componentChange;
    payload['component_update'] = {
      id: change.id,
      created_at: change.createdAt,
      old_status: change.oldStatus,
      new_status: change.newStatus,
      component_type: 'Component',
      component_id: change.component.id,
    };
    payload['component'] = {
      id: change.component.id,
      name: change.component.name,
      status: change.newStatus,
      created_at: change.component.createdAt,
      updated_at: change.component.updatedAt,
      position: change.component.position,
      description: change.component.description,
      showcase: true,
      page_id: event.page.id,
      group_id: change.component.groupId,
    };
  }
  if (event.incident !== null) payload['incident'] = incidentObject(event, event.incident);
  payload['herald'] = {
    event: event.type,
    audience: event.audience,
    ...(event.incident?.severity ? { severity: event.incident.severity } : {}),
    ...(event.overdue === null ? {} : { overdue: { due_at: event.overdue.dueAt, last_update_at: event.overdue.lastUpdateAt, target_minutes: event.overdue.targetMinutes } }),
  };
  return payload;
}
