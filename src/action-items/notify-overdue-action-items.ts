import { claimActionItemOverdueNotice, findActionItemById, listUnnotifiedOverdueActionItemIds } from '../../db/queries/action-items.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUserById } from '../../db/queries/users.ts';
import type { Services } from '../services.ts';
import { pageToday } from './action-item-checks.ts';
import { queueActionItemMail } from './action-item-message.ts';

/**
 * Emails the owner of every action item that became overdue (still open or in
 * progress, due before today in the page's time zone): once per item, never daily.
 * overdue_notified_at is set by a guarded update in the same transaction that
 * queues the mail (outbox), so a second run, or a second worker at the same
 * minute, queues nothing. Moving the due date or changing the owner clears it
 * (update-action-item.ts): the new date or the new owner is told once again.
 * Run by the worker every minute with the overdue-update nudges (src/jobs/queue.ts).
 */
export async function notifyOverdueActionItems(services: Pick<Services, 'db' | 'config' | 'now'>): Promise<{ emails: number }> {
  const now = services.now();
  const today = await pageToday(services.db, now);
  let emails = 0;
  for (const id of await listUnnotifiedOverdueActionItemIds(services.db, today)) {
    const queued = await services.db.transaction().execute(async (trx): Promise<boolean> => {
      if (!(await claimActionItemOverdueNotice(trx, id, today, now))) return false;
      const item = (await findActionItemById(trx, id))!;
      const owner = item.ownerId === null ? null : await findUserById(trx, item.ownerId);
      // A disabled owner is marked too: nobody is emailed, the list keeps showing it overdue.
      if (owner === null || owner.disabledAt !== null) return false;
      await queueActionItemMail(
        trx,
        'action-item-overdue',
        owner.email,
        { itemId: item.id, title: item.title, incidentId: item.incidentId, incidentTitle: item.incidentTitle, ownerId: owner.id, name: owner.name, priority: item.priority, dueOn: item.dueOn, assignedBy: null },
        { publicUrl: services.config.publicUrl, at: now },
      );
      await insertTimelineEvent(trx, {
        incidentId: item.incidentId,
        kind: 'action_item.overdue_reminded',
        actor: 'Herald',
        details: { actionItemId: item.id, title: item.title, dueOn: item.dueOn, emailed: owner.name },
        occurredAt: now,
      });
      return true;
    });
    if (queued) emails += 1;
  }
  return { emails };
}
