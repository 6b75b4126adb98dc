import type { Actor } from '../auth/permissions.ts';
import { type FormValues, listField, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { addNote } from './add-note.ts';
import { assignRoles } from './assign-roles.ts';
import { changeSeverity } from './change-severity.ts';
import { editIncidentDetails } from './edit-incident-details.ts';
import { handleComposerPost } from './composer-action.ts';
import type { ComposerValues } from './composer-form.ts';
import { resolveComponentsFromForm } from './resolve-form.ts';
import { resolveIncident } from './resolve-incident.ts';

/**
 * The incident page's POST. The page holds six forms (composer, rename, severity,
 * roles, note, resolve), told apart by their hidden `form` field; each goes to its use
 * case. On failure the page re-renders with that form's errors next to its fields
 * and what was typed in it; the other forms show their stored values.
 */

export interface RolesValues {
  commanderId: string;
  commsLeadId: string;
  expertIds: string[];
}

/** What was sent, kept to re-render the form it came from. */
export interface IncidentPagePosted {
  /** Which form was sent ('composer', 'severity', 'roles', 'note', 'resolve'). */
  form: string;
  errors: Record<string, string>;
  composer: ComposerValues | null;
  preview: boolean;
  templateApplied: string | null;
  noteBody: string;
  resolveBody: string;
  resolveNotify: boolean;
  /** The resolve form as sent (its per-component selects). */
  resolveForm: FormValues | null;
  severity: string | null;
  /** The name as typed in the rename form. */
  title: string | null;
  roles: RolesValues | null;
}

export type IncidentPageOutcome = { redirect: string } | { status: 200 | 400; posted: IncidentPagePosted };

const NOTHING_POSTED: Omit<IncidentPagePosted, 'form'> = {
  errors: {},
  composer: null,
  preview: false,
  templateApplied: null,
  noteBody: '',
  resolveBody: '',
  resolveNotify: true,
  resolveForm: null,
  severity: null,
  title: null,
  roles: null,
};

export async function handleIncidentPagePost(
  services: Services,
  actor: Actor,
  target: { incidentId: string; pageName: string },
  form: FormValues,
): Promise<IncidentPageOutcome> {
  const id = target.incidentId;
  const name = textField(form, 'form');
  const rerender = (status: 200 | 400, sent: Partial<IncidentPagePosted>): IncidentPageOutcome => ({ status, posted: { ...NOTHING_POSTED, form: name, ...sent } });
  const back = (done: string, hash = ''): IncidentPageOutcome => ({ redirect: `/admin/incidents/${id}?done=${done}${hash}` });

  if (name === 'composer') {
    const outcome = await handleComposerPost(services, actor, target, form);
    if ('redirect' in outcome) return outcome;
    return rerender(outcome.status, { errors: outcome.errors, composer: outcome.values, preview: outcome.preview, templateApplied: outcome.templateApplied });
  }
  if (name === 'rename') {
    const title = textField(form, 'title');
    const result = await editIncidentDetails(services, actor, { incidentId: id, title });
    return result.ok ? back('renamed') : rerender(400, { errors: result.errors, title });
  }
  if (name === 'severity') {
    const severity = textField(form, 'severity');
    const result = await changeSeverity(services, actor, { incidentId: id, severity });
    return result.ok ? back('severity') : rerender(400, { errors: result.errors, severity });
  }
  if (name === 'roles') {
    const roles = { commanderId: textField(form, 'commanderId'), commsLeadId: textField(form, 'commsLeadId'), expertIds: listField(form, 'expertIds') };
    const result = await assignRoles(services, actor, { incidentId: id, ...roles });
    return result.ok ? back('roles') : rerender(400, { errors: result.errors, roles });
  }
  if (name === 'note') {
    const noteBody = textField(form, 'body');
    const result = await addNote(services, actor, { incidentId: id, body: noteBody });
    return result.ok ? back('note', '#timeline') : rerender(400, { errors: result.errors, noteBody });
  }
  if (name === 'resolve') {
    const resolveBody = textField(form, 'body');
    const resolveNotify = textField(form, 'notify') !== '';
    const result = await resolveIncident(services, actor, { incidentId: id, body: resolveBody, notify: form['notify'], components: resolveComponentsFromForm(form) });
    return result.ok ? back('resolved') : rerender(400, { errors: result.errors, resolveBody, resolveNotify, resolveForm: form });
  }
  return rerender(200, {});
}
