import { listInternalRecipients } from '../../db/queries/internal-recipients.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { InternalRecipient } from '../domain/internal-recipient.ts';
import type { Services } from '../services.ts';

/** The extra addresses, for the settings page (admins only: they are personal data). */
export async function loadInternalRecipients(services: Services, actor: Actor): Promise<InternalRecipient[]> {
  requirePermission(actor, 'settings.manage');
  return listInternalRecipients(services.db);
}
