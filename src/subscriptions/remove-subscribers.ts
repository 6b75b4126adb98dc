import { deleteSubscribers } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { setWebhookEndpointEnabled } from '../../db/queries/webhook-endpoints.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';

export type RemoveSubscribersResult = { ok: true; removed: string[] } | { ok: false; error: string };

const MAX_IDS = 1000;

/**
 * Deletes the ticked subscribers (the page's "Remove selected"), admins only. Each
 * one is audited exactly as a single removal ('subscriber.removed' with the address),
 * so the log reads the same whichever button was used; all in one transaction.
 */
export async function removeSubscribers(services: Services, actor: Actor, ids: unknown): Promise<RemoveSubscribersResult> {
  requirePermission(actor, 'settings.manage');
  const list = (Array.isArray(ids) ? ids : [ids]).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 64);
  if (list.length === 0 || list.length > MAX_IDS) return { ok: false, error: 'Tick at least one subscriber to remove.' };
  return services.db.transaction().execute(async (trx) => {
    const removed = await deleteSubscribers(trx, [...new Set(list)]);
    const at = services.now();
    for (const subscriber of removed) {
      // A webhook subscriber's endpoint goes with them, as in a single removal.
      if (subscriber.webhookEndpointId !== null) await setWebhookEndpointEnabled(trx, subscriber.webhookEndpointId, false, 'The subscriber was removed.', at);
      await insertTimelineEvent(trx, {
        kind: 'subscriber.removed',
        ...auditActor(actor),
        details: { email: subscriber.email, status: subscriber.status, subscriberId: subscriber.id },
        occurredAt: at,
      });
    }
    return { ok: true, removed: removed.map((s) => s.email) };
  });
}
