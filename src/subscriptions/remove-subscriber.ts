import { deleteSubscriber, findSubscriberById } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { setWebhookEndpointEnabled } from '../../db/queries/webhook-endpoints.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';

/**
 * Deletes a subscriber and their component choices (cascade); past deliveries keep
 * their recipient address but lose the link. A webhook subscriber's endpoint is
 * disabled with them (kept, with its delivery log, as unsubscribing keeps it). Needs 'subscriber.manage' (admins; a subscribers:write token). Audited with
 * the address, in the same transaction.
 */
export async function removeSubscriber(services: Services, actor: Actor, subscriberId: unknown): Promise<boolean> {
  requirePermission(actor, 'subscriber.manage');
  if (typeof subscriberId !== 'string' || subscriberId.length === 0 || subscriberId.length > 64) return false;
  return services.db.transaction().execute(async (trx) => {
    const subscriber = await findSubscriberById(trx, subscriberId);
    if (subscriber === null || !(await deleteSubscriber(trx, subscriberId))) return false;
    if (subscriber.webhookEndpointId !== null) await setWebhookEndpointEnabled(trx, subscriber.webhookEndpointId, false, 'The subscriber was removed.', services.now());
    await insertTimelineEvent(trx, {
      kind: 'subscriber.removed',
      ...auditActor(actor),
      details: { email: subscriber.email, status: subscriber.status, subscriberId },
      occurredAt: services.now(),
    });
    return true;
  });
}
