import { findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUpdateById, insertUpdate, replaceUpdateComponentChanges, updateUpdateContent } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { UpdateState } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { findComponentsById, INCIDENT_GONE, requireAnyPermission, updatePermission } from './checks.ts';
import { publishUpdateNow } from './publish-update.ts';
import { saveUpdateSchema } from './schemas.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

/**
 * The composer's one action: save a new update or edit a draft/scheduled one, as a
 * draft, scheduled for a time, or published now.
 * - Published and cancelled updates are history: they cannot be edited.
 * - A resolved incident takes new external updates only from incident.manage
 *   (comms, admin); internal ones (post-resolution notes) from anyone who may post.
 * - A draft's component changes are stored with old_status = the component's
 *   status now; publishing records the status it really had then.
 * - Changing a scheduled external update needs update.publish, like scheduling it.
 * - Whoever schedules an update (again) becomes its author: the scheduler publishes
 *   it as them at its time, after checking they still may (publishDueUpdate).
 */
export async function saveUpdate(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string; state: UpdateState }>> {
  requireAnyPermission(actor, ['update.draft', 'update.internal']);
  const parsed = parseInput(saveUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  requirePermission(actor, updatePermission(data.audience, data.action));
  const now = services.now();
  const scheduledFor = data.action === 'schedule' ? (data.scheduledFor ?? null) : null;
  if (scheduledFor !== null && scheduledFor.getTime() <= now.getTime()) return fail({ scheduledFor: 'Pick a time in the future' });
  const state: 'draft' | 'scheduled' = data.action === 'schedule' ? 'scheduled' : 'draft';

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ updateId: string; state: UpdateState }>> => {
    const incident = await findIncidentById(trx, data.incidentId, { forUpdate: true });
    if (!incident) return fail({ incidentId: INCIDENT_GONE });
    if (incident.resolvedAt !== null && data.audience === 'external') requirePermission(actor, 'incident.manage');

    const existing = data.updateId === undefined ? null : await findUpdateById(trx, data.updateId, { forUpdate: true });
    if (data.updateId !== undefined) {
      if (!existing || existing.incidentId !== incident.id) return fail(formError(ERRORS.UpdateGone));
      if (existing.state === 'published') return fail(formError(ERRORS.UpdateAlreadyPublishedEdit));
      if (existing.state === 'cancelled') return fail(formError(ERRORS.UpdateCancelledEdit));
      if (existing.audience === 'external' && existing.state === 'scheduled') requirePermission(actor, 'update.publish');
    }

    const found = await findComponentsById(
      trx,
      data.components.map((c) => c.componentId),
    );
    if (!found.ok) return fail(found.errors);
    const changes = data.components.map((c) => ({
      componentId: c.componentId,
      oldStatus: found.components.get(c.componentId)!.status,
      newStatus: c.status,
    }));

    // Nothing is written before this line: every expected failure above returns.
    let updateId: string;
    if (existing) {
      updateId = existing.id;
      await updateUpdateContent(trx, updateId, {
        audience: data.audience,
        state,
        status: data.status,
        body: data.body,
        scheduledFor,
        deliverNotifications: data.notify,
        updatedAt: now,
        // The scheduler publishes as whoever scheduled it last, re-checking their permission then.
        ...(state === 'scheduled' ? { authorId: actor.id } : {}),
      });
      await replaceUpdateComponentChanges(trx, updateId, changes);
    } else {
      updateId = await insertUpdate(trx, {
        incidentId: incident.id,
        audience: data.audience,
        state,
        status: data.status,
        body: data.body,
        scheduledFor,
        createdAt: now,
        authorId: actor.id,
        deliverNotifications: data.notify,
        componentChanges: changes,
      });
    }

    if (data.action === 'publish') {
      await publishUpdateNow(trx, updateId, actor, now);
      return ok({ updateId, state: 'published' });
    }
    await insertTimelineEvent(trx, {
      incidentId: incident.id,
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      kind: state === 'scheduled' ? 'update.scheduled' : existing ? 'update.edited' : 'update.drafted',
      details: { updateId, audience: data.audience, status: data.status, scheduledFor: scheduledFor?.toISOString() ?? null },
    });
    return ok({ updateId, state });
  });

  if (result.ok && result.value.state === 'published') services.refreshSnapshot();
  if (result.ok && scheduledFor !== null) await services.jobs.schedulePublish(result.value.updateId, scheduledFor);
  return result;
}
