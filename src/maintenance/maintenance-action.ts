import type { Actor } from '../auth/permissions.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { cancelMaintenance } from './cancel-maintenance.ts';
import { completeMaintenance } from './complete-maintenance.ts';
import { postMaintenanceUpdate } from './post-maintenance-update.ts';
import { startMaintenance } from './start-maintenance.ts';

const DONE: Readonly<Record<string, string>> = { start: 'started', complete: 'completed', cancel: 'cancelled', update: 'updated' };

/**
 * A maintenance page's POST (pages/admin/maintenance/[id].astro): "Start
 * maintenance now", "Complete maintenance now", "Cancel maintenance" or "Post
 * update", with the update's text. The rerender names the action, so the page
 * shows the text and its error under the form that sent them.
 */
export async function handleMaintenancePost(
  services: Services,
  actor: Actor,
  id: string,
  form: FormValues,
): Promise<{ redirect: string } | { status: 400; errors: Record<string, string>; body: string; action: string }> {
  const action = textField(form, 'action');
  const body = textField(form, 'body');
  const input = { maintenanceId: id, body };
  const result =
    action === 'start' ? await startMaintenance(services, actor, input)
    : action === 'complete' ? await completeMaintenance(services, actor, input)
    : action === 'cancel' ? await cancelMaintenance(services, actor, input)
    : action === 'update'
      ? await postMaintenanceUpdate(services, actor, { ...input, status: textField(form, 'status') || undefined, notify: textField(form, 'notify') === 'on' })
      : null;
  if (result?.ok) return { redirect: `/admin/maintenance/${id}?done=${DONE[action] ?? 'completed'}` };
  return { status: 400, errors: result === null ? formError(ERRORS.MaintenanceActionMissing) : result.errors, body, action };
}
