import { findActionItemById, insertActionItem, markActionItemAssignedNotified, setActionItemComponents } from '../../db/queries/action-items.ts';
import { findIncidentById } from '../../db/queries/incidents.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { INCIDENT_GONE } from '../incidents/checks.ts';
import type { Services } from '../services.ts';
import { checkOwnerAndComponents, pageToday } from './action-item-checks.ts';
import { createActionItemSchema, PAST_DUE_DATE } from './action-item-input.ts';
import { queueActionItemMail } from './action-item-message.ts';

/**
 * Adds a follow-up to an incident (from its postmortem or its hub page). The owner,
 * if any, is emailed once through the outbox, in the same transaction — except when
 * people assign an item to themselves. A due date before today (in the page's time
 * zone) is refused: a new item cannot start overdue. Audited on the incident's
 * timeline and in the audit log.
 */
export async function createActionItem(services: Services, actor: Actor, input: unknown): Promise<Result<{ actionItemId: string; incidentId: string }>> {
  requirePermission(actor, 'actionItem.write');
  const parsed = parseInput(createActionItemSchema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();

  return services.db.transaction().execute(async (trx): Promise<Result<{ actionItemId: string; incidentId: string }>> => {
    const incident = await findIncidentById(trx, value.incidentId);
    if (incident === null) return fail({ incidentId: INCIDENT_GONE });
    const { owner, errors } = await checkOwnerAndComponents(trx, value.ownerId, value.componentIds);
    const today = await pageToday(trx, now);
    if (value.dueOn !== null && value.dueOn < today) errors['dueOn'] = PAST_DUE_DATE(today);
    if (Object.keys(errors).length > 0) return fail(errors);

    const actionItemId = await insertActionItem(trx, {
      incidentId: incident.id,
      title: value.title,
      ownerId: owner?.id ?? null,
      dueOn: value.dueOn,
      priority: value.priority,
      ticketUrl: value.ticketUrl,
      createdBy: actor.token ? null : actor.id,
      at: now,
    });
    await setActionItemComponents(trx, actionItemId, value.componentIds);
    if (owner !== null) {
      if (owner.id !== actor.id) {
        await queueActionItemMail(
          trx,
          'action-item-assigned',
          owner.email,
          { itemId: actionItemId, title: value.title, incidentId: incident.id, incidentTitle: incident.title, ownerId: owner.id, name: owner.name, priority: value.priority, dueOn: value.dueOn, assignedBy: actor.name },
          { publicUrl: services.config.publicUrl, at: now },
        );
      }
      await markActionItemAssignedNotified(trx, actionItemId, now);
    }
    const item = (await findActionItemById(trx, actionItemId))!;
    await insertTimelineEvent(trx, {
      incidentId: incident.id,
      kind: 'action_item.created',
      actor: actor.name,
      actorId: actor.id,
      details: {
        actionItemId,
        title: item.title,
        owner: item.ownerName,
        dueOn: item.dueOn,
        priority: item.priority,
        ticketUrl: item.ticketUrl,
        components: item.components.map((component) => component.name),
      },
      occurredAt: now,
    });
    return ok({ actionItemId, incidentId: incident.id });
  });
}
