import type { Actor } from '../auth/permissions.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { cancelMaintenance } from './cancel-maintenance.ts';
import { completeMaintenance } from './complete-maintenance.ts';
import { startMaintenance } from './start-maintenance.ts';

/**
 * A maintenance page's POST (pages/admin/maintenance/[id].astro): "Start
 * maintenance now" or "Complete maintenance now", with the update's text.
 */
export async function handleMaintenancePost(
  services: Services,
  actor: Actor,
  id: string,
  form: FormValues,
): Promise<{ redirect: string } | { status: 400; errors: Record<string, string>; body: string }> {
  const action = textField(form, 'action');
  const body = textField(form, 'body');
  const input = { maintenanceId: id, body };
  const result =
    action === 'start' ? await startMaintenance(services, actor, input)
    : action === 'complete' ? await completeMaintenance(services, actor, input)
    : action === 'cancel' ? await cancelMaintenance(services, actor, input)
    : null;
  const done: Record<string, string> = { start: 'started', complete: 'completed', cancel: 'cancelled' };
  if (result?.ok) return { redirect: `/admin/maintenance/${id}?done=${done[action] ?? 'completed'}` };
  return { status: 400, errors: result === null ? formError(ERRORS.MaintenanceActionMissing) : result.errors, body };
}
