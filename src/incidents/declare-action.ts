import { listComponents } from '../../db/queries/components.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { declareIncident } from './declare-incident.ts';
import { declareErrorsForForm, declareInputFromForm, declareIntent, type DeclareValues, declareValuesFromForm } from './declare-form.ts';
import { fillFromTemplate, templateComponentNames } from './use-template.ts';

/**
 * The declare form's POST. "Declare …" buttons call declareIncident and go to the
 * new incident; "Preview update" and "Use template" save nothing and re-render.
 */

export interface DeclareRerender {
  status: 200 | 400;
  errors: Record<string, string>;
  values: DeclareValues;
  preview: boolean;
  templateApplied: string | null;
}

export async function handleDeclarePost(
  services: Services,
  actor: Actor,
  target: { pageName: string; triageId?: string | null },
  form: FormValues,
): Promise<{ redirect: string } | DeclareRerender> {
  requirePermission(actor, 'incident.declare');
  const values = declareValuesFromForm(form);
  const intent = declareIntent(form);
  if (intent === 'preview') return { status: 200, errors: {}, values, preview: true, templateApplied: null };
  if (intent === 'template') {
    const [templates, catalog] = await Promise.all([listUpdateTemplates(services.db), listComponents(services.db)]);
    const filled = fillFromTemplate(templates, values.templateId, {
      currentStatus: values.status,
      incidentTitle: values.title,
      componentNames: templateComponentNames(catalog, values.components, []),
      pageName: target.pageName,
    });
    if (!filled.ok) return { status: 200, errors: filled.errors, values, preview: false, templateApplied: null };
    const { status, body, templateName } = filled.value;
    return { status: 200, errors: {}, values: { ...values, status, body, templateId: '' }, preview: false, templateApplied: templateName };
  }
  const input = declareInputFromForm(form);
  const result = await declareIncident(services, actor, input, target.triageId ? { fromTriage: target.triageId } : {});
  if (result.ok) return { redirect: `/admin/incidents/${result.value.incidentId}?done=declared` };
  return { status: 400, errors: declareErrorsForForm(input, result.errors), values, preview: false, templateApplied: null };
}
