import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { insertNotification } from '../../db/queries/notifications.ts';
import type { Audience } from '../domain/types.ts';

export interface NotificationRequest {
  updateId: string;
  audience: Audience;
  /** The composer's "notify subscribers" box; internal updates always go to the internal list. */
  deliverNotifications: boolean;
}

/**
 * The outbox write of a publish, inside the publishing transaction: if the publish
 * rolls back, so does the notification, and if it commits, the delivery loop will
 * send it even if this process dies the next instant. Nothing is sent here.
 * Returns whether a notification was recorded.
 */
export async function recordNotification(trx: Db, request: NotificationRequest, now: Date): Promise<boolean> {
  if (request.audience === 'external' && !request.deliverNotifications) return false;
  await insertNotification(trx, { id: newId(), updateId: request.updateId, createdAt: now });
  return true;
}
