import { fillTemplate } from '../catalog/fill-template.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { UpdateTemplate } from '../domain/types.ts';
import { ERRORS } from '../errors/catalogue.ts';

/**
 * "Use template" on the declare form and the composer: one rule for both, so a
 * template fills in the same way wherever it is used.
 */

/**
 * What "Use template" puts in the form: the template's body with its
 * placeholders filled, and its status — except "resolved" (or anything not an
 * incident status), which keeps the status chosen: resolving goes through the
 * Resolve form, which also restores the components.
 */
export function applyTemplate(
  template: { body: string; status: string },
  context: { currentStatus: string; incidentTitle: string; componentNames: string[]; pageName: string },
): { status: string; body: string } {
  const status = (['investigating', 'identified', 'monitoring'] as string[]).includes(template.status) ? template.status : context.currentStatus;
  return {
    status,
    body: fillTemplate(template.body, { incidentTitle: context.incidentTitle, components: context.componentNames, status, pageName: context.pageName }),
  };
}

/**
 * The `{{components}}` rule: the components picked in the form (in page order);
 * with none picked, the components the incident already affects (none yet on the
 * declare form). An update about one component names that one; an update that
 * changes no component speaks for the whole incident.
 */
export function templateComponentNames(
  catalog: readonly { id: string; name: string }[],
  picked: Readonly<Record<string, string>>,
  affected: readonly { name: string }[],
): string[] {
  const chosen = catalog.filter((c) => (picked[c.id] ?? '') !== '');
  return (chosen.length > 0 ? chosen : affected).map((c) => c.name);
}

/** The template picked by id, filled in; an error next to the select when none is picked. */
export function fillFromTemplate(
  templates: readonly UpdateTemplate[],
  templateId: string,
  context: { currentStatus: string; incidentTitle: string; componentNames: string[]; pageName: string },
): Result<{ status: string; body: string; templateName: string }> {
  const template = templates.find((t) => t.id === templateId);
  if (!template) return fail({ templateId: ERRORS.TemplateNotChosen.message });
  return ok({ ...applyTemplate(template, context), templateName: template.name });
}
