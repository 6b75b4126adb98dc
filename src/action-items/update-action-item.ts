import { findActionItemById, lockActionItem, markActionItemAssignedNotified, setActionItemComponents, updateActionItem } from '../../db/queries/action-items.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { ActionItem } from '../domain/action-item.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { checkOwnerAndComponents, pageToday } from './action-item-checks.ts';
import { ACTION_ITEM_GONE, PAST_DUE_DATE, updateActionItemSchema } from './action-item-input.ts';
import { queueActionItemMail } from './action-item-message.ts';

type Change = [from: string | null, to: string | null];

/**
 * Edits an action item: title, owner, due date, priority, status (won't do needs a
 * reason), ticket link, components. Every changed field is audited with its old and
 * new value. A new owner is emailed once (not when they took it themselves); moving
 * the due date lets the item be reported overdue again, once, for the new date; a
 * due date may only be moved into the past if it was already there (it is kept).
 * Done and won't do set the closing time; reopening clears it.
 */
export async function updateActionItemById(services: Services, actor: Actor, actionItemId: string, input: unknown): Promise<Result<{ actionItemId: string; incidentId: string; changed: string[] }>> {
  requirePermission(actor, 'actionItem.write');
  const parsed = parseInput(updateActionItemSchema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();

  return services.db.transaction().execute(async (trx): Promise<Result<{ actionItemId: string; incidentId: string; changed: string[] }>> => {
    if (!(await lockActionItem(trx, actionItemId))) return fail({ _form: ACTION_ITEM_GONE });
    const before = (await findActionItemById(trx, actionItemId))!;
    const { owner, errors } = await checkOwnerAndComponents(trx, value.ownerId, value.componentIds);
    const today = await pageToday(trx, now);
    if (value.dueOn !== null && value.dueOn !== before.dueOn && value.dueOn < today) errors['dueOn'] = PAST_DUE_DATE(today);
    if (Object.keys(errors).length > 0) return fail(errors);

    const closed = value.status === 'done' || value.status === 'wont_do';
    const wasClosed = before.status === 'done' || before.status === 'wont_do';
    await updateActionItem(trx, actionItemId, {
      title: value.title,
      ownerId: owner?.id ?? null,
      dueOn: value.dueOn,
      priority: value.priority,
      status: value.status,
      wontDoReason: value.status === 'wont_do' ? value.wontDoReason : null,
      ticketUrl: value.ticketUrl,
      closedAt: closed ? (wasClosed && before.closedAt !== null ? before.closedAt : now) : null,
      overdueNotifiedAt: value.dueOn === before.dueOn && value.ownerId === before.ownerId ? before.overdueNotifiedAt : null,
      at: now,
    });
    await setActionItemComponents(trx, actionItemId, value.componentIds);
    const after = (await findActionItemById(trx, actionItemId))!;

    if (owner !== null && owner.id !== before.ownerId) {
      if (owner.id !== actor.id) {
        await queueActionItemMail(
          trx,
          'action-item-assigned',
          owner.email,
          { itemId: after.id, title: after.title, incidentId: after.incidentId, incidentTitle: after.incidentTitle, ownerId: owner.id, name: owner.name, priority: after.priority, dueOn: after.dueOn, assignedBy: actor.name },
          { publicUrl: services.config.publicUrl, at: now },
        );
      }
      await markActionItemAssignedNotified(trx, actionItemId, now);
    }

    const changes = describeChanges(before, after);
    const changed = Object.keys(changes);
    if (changed.length > 0) {
      await insertTimelineEvent(trx, {
        incidentId: after.incidentId,
        kind: 'action_item.updated',
        actor: actor.name,
        actorId: actor.id,
        details: { actionItemId, title: after.title, changes },
        occurredAt: now,
      });
    }
    return ok({ actionItemId, incidentId: after.incidentId, changed });
  });
}

/** Old and new value of every field a person can change, for the audit log. */
function describeChanges(before: ActionItem, after: ActionItem): Record<string, Change> {
  const fields: Record<string, Change> = {
    title: [before.title, after.title],
    owner: [before.ownerName, after.ownerName],
    dueOn: [before.dueOn, after.dueOn],
    priority: [before.priority, after.priority],
    status: [before.status, after.status],
    wontDoReason: [before.wontDoReason, after.wontDoReason],
    ticketUrl: [before.ticketUrl, after.ticketUrl],
    components: [before.components.map((c) => c.name).join(', ') || null, after.components.map((c) => c.name).join(', ') || null],
  };
  return Object.fromEntries(Object.entries(fields).filter(([, [from, to]]) => from !== to));
}
