import type { Actor } from '../auth/permissions.ts';
import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { type ComponentFormValues, componentFormFromInput } from './component-input.ts';
import { deleteComponentGroup } from './delete-component-group.ts';
import { deleteComponent } from './delete-component.ts';
import { deleteUpdateTemplate } from './delete-update-template.ts';
import { updateComponentGroup } from './update-component-group.ts';
import { updateComponent } from './update-component.ts';
import { updateUpdateTemplate } from './update-update-template.ts';

/**
 * The POSTs of the catalog's edit pages (a component, a group, a template). Each page
 * holds two forms: "Save changes" and "Delete" (with a confirmation box). On failure
 * the page re-renders with the errors of the form that was sent, and for the edit
 * form what was typed (`values`; null after a failed delete: the stored ones show).
 */
export type EditorOutcome<V> = { redirect: string } | { status: 400; errors: Record<string, string>; deleteErrors: Record<string, string>; values: V | null };

const text = (form: FormValues, key: string): string => (typeof form[key] === 'string' ? form[key] : '');

export async function handleComponentEditorPost(services: Services, actor: Actor, id: string, form: FormValues): Promise<EditorOutcome<ComponentFormValues>> {
  if (form['intent'] === 'delete') {
    const result = await deleteComponent(services, actor, { id, confirm: form['confirm'] });
    if (result.ok) return { redirect: '/admin/components?done=deleted' };
    return { status: 400, errors: {}, deleteErrors: result.errors, values: null };
  }
  const result = await updateComponent(services, actor, { ...form, id });
  if (result.ok) return { redirect: `/admin/components?done=saved#c-${id}` };
  return { status: 400, errors: result.errors, deleteErrors: {}, values: componentFormFromInput(form) };
}

export async function handleGroupEditorPost(
  services: Services,
  actor: Actor,
  id: string,
  form: FormValues,
): Promise<EditorOutcome<{ name: string; description: string }>> {
  if (form['intent'] === 'delete') {
    const result = await deleteComponentGroup(services, actor, { id, confirm: form['confirm'] });
    if (result.ok) return { redirect: '/admin/components?done=group-deleted' };
    return { status: 400, errors: {}, deleteErrors: result.errors, values: null };
  }
  const result = await updateComponentGroup(services, actor, { ...form, id });
  if (result.ok) return { redirect: `/admin/components?done=saved#g-${id}` };
  return { status: 400, errors: result.errors, deleteErrors: {}, values: { name: text(form, 'name'), description: text(form, 'description') } };
}

export async function handleTemplateEditorPost(
  services: Services,
  actor: Actor,
  id: string,
  form: FormValues,
): Promise<EditorOutcome<{ name: string; status: string; body: string }>> {
  if (form['intent'] === 'delete') {
    const result = await deleteUpdateTemplate(services, actor, { id, confirm: form['confirm'] });
    if (result.ok) return { redirect: '/admin/templates?done=deleted' };
    return { status: 400, errors: {}, deleteErrors: result.errors, values: null };
  }
  const result = await updateUpdateTemplate(services, actor, { ...form, id });
  if (result.ok) return { redirect: '/admin/templates?done=saved' };
  return { status: 400, errors: result.errors, deleteErrors: {}, values: { name: text(form, 'name'), status: text(form, 'status'), body: text(form, 'body') } };
}
