import { deliverySummary } from '../../db/queries/deliveries.ts';
import type { DeliverySummary } from '../domain/mail.ts';
import { findUpdateById } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';


/**
 * How an update's email is going (queued, sent, failed…), for the incident page's
 * poll (pages/admin/updates/[id]/deliveries.json.ts). null: no update with this id.
 */
export async function loadUpdateDeliveries(services: Services, actor: Actor, id: string): Promise<{ updateId: string; summary: DeliverySummary } | null> {
  requirePermission(actor, 'internal.view');
  // Ids are short; a longer one is no id of ours, so the database is not asked.
  const update = id.length > 0 && id.length <= 64 ? await findUpdateById(services.db, id) : null;
  if (update === null) return null;
  return { updateId: update.id, summary: await deliverySummary(services.db, update.id) };
}
