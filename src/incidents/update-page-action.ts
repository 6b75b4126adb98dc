import type { Actor } from '../auth/permissions.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { cancelUpdate } from './cancel-update.ts';
import { type ComposerRerender, type ComposerTarget, handleComposerPost } from './composer-action.ts';

/**
 * The update edit page's POST: "Cancel draft" / "Cancel scheduled update", or the
 * composer (the same action as on the incident page). A failed cancel re-renders
 * the stored update, so `values` is null then.
 */
export type UpdatePagePosted = Omit<ComposerRerender, 'values'> & { values: ComposerRerender['values'] | null };

export async function handleUpdatePagePost(
  services: Services,
  actor: Actor,
  target: ComposerTarget & { updateId: string },
  form: FormValues,
): Promise<{ redirect: string } | UpdatePagePosted> {
  if (textField(form, 'form') === 'cancel') {
    const result = await cancelUpdate(services, actor, { updateId: target.updateId });
    if (result.ok) return { redirect: `/admin/incidents/${target.incidentId}?done=cancelled#updates` };
    return { status: 400, errors: result.errors, values: null, preview: false, templateApplied: null };
  }
  return handleComposerPost(services, actor, target, form);
}
