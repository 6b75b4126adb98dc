import type { Db } from '../../db/client.ts';
import { findComponentStatus } from '../../db/queries/components.ts';
import { findIncidentById, moveIncidentStatus, upsertIncidentComponent } from '../../db/queries/incidents.ts';
import { listIncidentClaimedComponentIds, upsertIncidentComponentStatus } from '../../db/queries/incident-component-statuses.ts';
import { countInternalList } from '../../db/queries/internal-recipients.ts';
import { countExternalRecipientsOfUpdate } from '../../db/queries/notifications.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import {
  findUpdateAuthorAccount,
  findUpdateById,
  hasPublishedExternalUpdate,
  listUpdateComponentChanges,
  markUpdatePublishBlocked,
  markUpdatePublished,
  setUpdateComponentOldStatus,
  type UpdateAuthorAccount,
} from '../../db/queries/updates.ts';
import { can } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import { recordNotification } from '../notifications/record-notification.ts';
import type { Audience, IncidentStatus, UpdateComponentChange } from '../domain/types.ts';
import { updatePermission } from './checks.ts';
import type { Services } from '../services.ts';

/*
 * What publishing an update does (the rules of the hub):
 * - An incident becomes public with its first published EXTERNAL update; until then
 *   the public page, feeds and API do not know it exists. Severity is internal.
 * - Component statuses change only when an EXTERNAL update is published: each of
 *   its component changes becomes this incident's claim on the component, and the
 *   component's status is recomputed from all claims (the worst of its open
 *   incidents, a maintenance in progress, a manual status: see
 *   src/catalog/derive-component-status.ts), kept as status intervals, in the same
 *   transaction. Each change's old_status becomes the status the component really
 *   had at that moment. Internal updates never change components. Resolving
 *   drops the incident's claims, so a component another open incident still
 *   affects keeps that incident's status.
 * - The incident's status follows an update when it is published if the update is
 *   external, or internal while the incident is not public yet (an internal-only
 *   incident is run with internal updates). identified_at and monitoring_at keep
 *   the first time; resolved_at the latest resolution; reopening clears it.
 * - Everything (update, incident, components, timeline, page version through the
 *   triggers) changes in one transaction or not at all, and an update is published
 *   exactly once: its row is locked, and only a draft or scheduled one moves on.
 */

/** Who publishes: a signed-in user, or the scheduler acting for the author. */
export interface Publisher {
  id: string | null;
  name: string;
}

/** The name recorded when a scheduled update's author is gone. */
export const SCHEDULER_NAME = 'Scheduler';

/**
 * Publishes a draft or scheduled update inside the caller's transaction. Returns
 * false, changing nothing, when the update does not exist or is already published
 * or cancelled: whoever locked it first did the work.
 */
export async function publishUpdateNow(trx: Db, updateId: string, publishedBy: Publisher, now: Date): Promise<boolean> {
  const update = await findUpdateById(trx, updateId, { forUpdate: true });
  if (!update || (update.state !== 'draft' && update.state !== 'scheduled')) return false;

  const applied: UpdateComponentChange[] = [];
  let statusChange: { from: IncidentStatus; to: IncidentStatus } | null = null;
  let startedAt: Date | null = null;

  if (update.incidentId !== null) {
    const incident = await findIncidentById(trx, update.incidentId, { forUpdate: true });
    if (!incident) throw new Error(`Update ${update.id} belongs to a missing incident ${update.incidentId}`);
    startedAt = incident.startedAt;
    const wasPublic = await hasPublishedExternalUpdate(trx, incident.id, update.id);

    if (update.audience === 'external') {
      for (const change of await listUpdateComponentChanges(trx, update.id)) {
        const current = await findComponentStatus(trx, change.componentId);
        if (current === null) throw new Error(`Component ${change.componentId} disappeared while publishing`);
        await setUpdateComponentOldStatus(trx, update.id, change.componentId, current);
        // This incident's claim on the component; its status is derived from all claims below.
        await upsertIncidentComponentStatus(trx, incident.id, change.componentId, change.newStatus);
        // The incident keeps the worst it did to a component, not the recovery.
        if (change.newStatus !== 'operational') await upsertIncidentComponent(trx, incident.id, change.componentId, change.newStatus);
        applied.push({ componentId: change.componentId, oldStatus: current, newStatus: change.newStatus });
      }
    }

    const status = update.status as IncidentStatus;
    if ((update.audience === 'external' || !wasPublic) && status !== incident.status) {
      await moveIncidentStatus(trx, incident.id, status, now);
      statusChange = { from: incident.status, to: status };
    }
    // After the incident's status moved: resolving drops all its claims, reopening brings them back.
    const claimed = await listIncidentClaimedComponentIds(trx, incident.id);
    await applyDerivedComponentStatuses(trx, [...applied.map((c) => c.componentId), ...claimed], now);
  }

  await markUpdatePublished(trx, update.id, { at: now, by: publishedBy.id });
  const notified = await recordNotification(trx, { updateId: update.id, audience: update.audience, deliverNotifications: update.deliverNotifications }, now);
  // Counted now, for the timeline ("internal list notified (4)"); the fan-out sends to whoever matches then.
  const recipients = !notified ? null : update.audience === 'internal' ? await countInternalList(trx) : await countExternalRecipientsOfUpdate(trx, update.id);
  const subject = { incidentId: update.incidentId, maintenanceId: update.maintenanceId };
  const actor = { actor: publishedBy.name, actorId: publishedBy.id, occurredAt: now };
  await insertTimelineEvent(trx, {
    ...subject,
    ...actor,
    kind: 'update.published',
    details: {
      updateId: update.id,
      audience: update.audience,
      status: update.status,
      scheduled: update.state === 'scheduled',
      notify: update.deliverNotifications,
      ...(recipients === null ? {} : { recipients }),
      componentChanges: applied,
    },
  });
  if (statusChange !== null) {
    await insertTimelineEvent(trx, {
      ...subject,
      ...actor,
      kind: statusChange.to === 'resolved' ? 'incident.resolved' : 'incident.status_changed',
      details: {
        updateId: update.id,
        from: statusChange.from,
        to: statusChange.to,
        ...(statusChange.to === 'resolved' && startedAt !== null
          ? { durationMinutes: Math.round((now.getTime() - startedAt.getTime()) / 60_000) }
          : {}),
      },
    });
  }
  return true;
}

/**
 * Why the scheduler may not publish an update for its author now, or null when it
 * may. Scheduling is checked when someone schedules; people change role or leave
 * before the time comes, so the same rule is checked again at publish time.
 */
export function scheduledPublishBlocker(audience: Audience, author: UpdateAuthorAccount | null): string | null {
  if (author === null) return 'its author’s account no longer exists';
  if (author.disabledAt !== null) return `${author.name}’s account is deactivated`;
  const permission = updatePermission(audience, 'schedule');
  if (!can(author.role, permission)) return `${author.name} may no longer publish ${audience} updates`;
  return null;
}

/**
 * For the job worker: publishes a SCHEDULED update whose time has come, as its
 * author. Safe to call twice, late, or for an update edited back to a draft,
 * rescheduled or cancelled since: it then does nothing and returns false.
 *
 * The author's permission is checked again now: if they may no longer publish it
 * (role changed, account deactivated or deleted), the update stays scheduled and
 * unpublished, flagged with the reason for the dashboard, and the scheduler does
 * not try it again by itself; a person publishes, edits or cancels it.
 */
export async function publishDueUpdate(services: Services, updateId: string): Promise<boolean> {
  const now = services.now();
  const published = await services.db.transaction().execute(async (trx) => {
    const update = await findUpdateById(trx, updateId, { forUpdate: true });
    if (!update || update.state !== 'scheduled' || update.scheduledFor === null || update.scheduledFor.getTime() > now.getTime()) return false;
    if (update.publishBlockedReason !== null) return false;
    const author = await findUpdateAuthorAccount(trx, updateId);
    const blocker = scheduledPublishBlocker(update.audience, author);
    if (blocker !== null) {
      await markUpdatePublishBlocked(trx, updateId, blocker, now);
      await insertTimelineEvent(trx, {
        incidentId: update.incidentId,
        maintenanceId: update.maintenanceId,
        kind: 'update.publish_blocked',
        actor: SCHEDULER_NAME,
        actorId: null,
        details: { updateId, audience: update.audience, reason: blocker },
        occurredAt: now,
      });
      return false;
    }
    return publishUpdateNow(trx, updateId, author!, now);
  });
  if (published) services.refreshSnapshot();
  return published;
}
