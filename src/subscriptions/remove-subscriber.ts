import { deleteSubscriber } from '../../db/queries/subscribers.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';

/**
 * Deletes a subscriber and their component choices (cascade); past deliveries keep
 * their recipient address but lose the link. Needs 'settings.manage'.
 */
export async function removeSubscriber(services: Services, actor: Actor, subscriberId: unknown): Promise<boolean> {
  requirePermission(actor, 'settings.manage');
  if (typeof subscriberId !== 'string' || subscriberId.length === 0 || subscriberId.length > 64) return false;
  return deleteSubscriber(services.db, subscriberId);
}
