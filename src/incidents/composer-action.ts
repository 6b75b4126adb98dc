import { listComponents } from '../../db/queries/components.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import type { Actor } from '../auth/permissions.ts';
import { componentErrorKeys, type FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { composerIntent, composerValuesFromForm, type ComposerValues, saveUpdateInputFromForm } from './composer-form.ts';
import { saveUpdate } from './save-update.ts';
import { fillFromTemplate, templateComponentNames } from './use-template.ts';

/**
 * The composer's POST, for a new update on the incident page and for a draft or
 * scheduled update on its edit page: one action, so both pages behave alike.
 * "Preview", "Use template" and "Show actions for this audience" save nothing and
 * re-render the form.
 */

export interface ComposerTarget {
  incidentId: string;
  /** The update being edited; absent for a new one. */
  updateId?: string;
  /** The status page's name, for the `{{page.name}}` placeholder. */
  pageName: string;
}

/** The composer re-rendered: what was typed, the errors next to it, and what the buttons asked for. */
export interface ComposerRerender {
  status: 200 | 400;
  errors: Record<string, string>;
  values: ComposerValues;
  preview: boolean;
  /** The name of the template just applied, for the notice above the form. */
  templateApplied: string | null;
}

export type ComposerOutcome = { redirect: string } | ComposerRerender;

export async function handleComposerPost(services: Services, actor: Actor, target: ComposerTarget, form: FormValues): Promise<ComposerOutcome> {
  const values = composerValuesFromForm(form);
  const intent = composerIntent(form);
  if (intent === 'preview') return { status: 200, errors: {}, values, preview: true, templateApplied: null };
  // The audience radio sent without JavaScript: the same form again, with that audience's buttons.
  if (intent === 'audience') return { status: 200, errors: {}, values, preview: false, templateApplied: null };
  if (intent === 'template') {
    const [templates, incident, catalog] = await Promise.all([
      listUpdateTemplates(services.db),
      findIncidentDetail(services.db, target.incidentId),
      listComponents(services.db),
    ]);
    const filled = fillFromTemplate(templates, values.templateId, {
      currentStatus: values.status,
      incidentTitle: incident?.title ?? '',
      componentNames: templateComponentNames(catalog, values.components, incident?.components ?? []),
      pageName: target.pageName,
    });
    if (!filled.ok) return { status: 200, errors: filled.errors, values, preview: false, templateApplied: null };
    const { status, body, templateName } = filled.value;
    return { status: 200, errors: {}, values: { ...values, status, body, templateId: '' }, preview: false, templateApplied: templateName };
  }
  const input = saveUpdateInputFromForm(form, { incidentId: target.incidentId, updateId: target.updateId });
  const result = input.ok ? await saveUpdate(services, actor, input.value) : input;
  if (result.ok) {
    const { state, updateId } = result.value;
    return { redirect: `/admin/incidents/${target.incidentId}?done=${state}&update=${updateId}#update-${updateId}` };
  }
  return { status: 400, errors: input.ok ? componentErrorKeys(input.value.components, result.errors) : result.errors, values, preview: false, templateApplied: null };
}
