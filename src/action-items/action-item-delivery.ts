import { findActionItemById } from '../../db/queries/action-items.ts';
import { type ClaimedDelivery, markDeliverySkipped } from '../../db/queries/deliveries.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import type { OutgoingMessage } from '../mail/types.ts';
import { pageBrandOf } from '../notifications/page-brand.ts';
import type { Services } from '../services.ts';
import { displayTimeZone } from '../time/time-zone.ts';
import { buildActionItemMessage, isActionItemMailPayload } from './action-item-message.ts';
import { todayInZone } from './due-dates.ts';

/**
 * The delivery loop's message for an action item's owner, or null (and the delivery
 * skipped, with the reason) when it would only confuse: the item was deleted,
 * closed, or given to someone else while the message waited (a relay outage).
 */
export async function actionItemMessageFor(services: Pick<Services, 'db' | 'config' | 'now'>, delivery: ClaimedDelivery, token: string): Promise<OutgoingMessage | null> {
  const { db } = services;
  const payload = isActionItemMailPayload(delivery.payload) ? delivery.payload : null;
  const item = payload === null ? null : await findActionItemById(db, payload.itemId);
  const skip = async (reason: string): Promise<null> => {
    await markDeliverySkipped(db, delivery.id, token, reason);
    return null;
  };
  if (payload === null) return skip('The message could not be built from what was queued.');
  if (item === null) return skip('The action item no longer exists.');
  if (item.status === 'done' || item.status === 'wont_do') return skip('The action item was closed since.');
  if (item.ownerId !== payload.ownerId) return skip('The action item has another owner now.');
  const settings = await findPageSettings(db);
  const message = buildActionItemMessage(delivery, {
    ...pageBrandOf(settings, services.config.publicUrl),
    publicUrl: services.config.publicUrl,
    today: todayInZone(services.now(), displayTimeZone(settings?.timeZone)),
  });
  return message ?? skip('The message could not be built from what was queued.');
}
