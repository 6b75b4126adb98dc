import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUpdateTemplate, findUpdateTemplateByName, updateUpdateTemplate as updateTemplateRow } from '../../db/queries/update-templates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { idField } from './catalog-input.ts';
import { duplicateTemplateName, TEMPLATE_GONE, templateFields } from './template-input.ts';

const schema = z.object({ id: idField('template'), ...templateFields });

/** Saves an update template; the audit event says which fields changed. */
export async function updateUpdateTemplate(services: Services, actor: Actor, input: unknown): Promise<Result<{ templateId: string }>> {
  requirePermission(actor, 'template.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, ...next } = parsed.value;
  const now = services.now();

  return services.db.transaction().execute(async (trx): Promise<Result<{ templateId: string }>> => {
    const current = await findUpdateTemplate(trx, id);
    if (current === null) return fail({ _form: TEMPLATE_GONE });
    if ((await findUpdateTemplateByName(trx, next.name, id)) !== null) return fail({ name: duplicateTemplateName(next.name) });
    const changed = (['name', 'status', 'body'] as const).filter((key) => current[key] !== next[key]);
    if (changed.length === 0) return ok({ templateId: id });
    await updateTemplateRow(trx, id, next, now);
    await insertTimelineEvent(trx, {
      kind: 'template.updated',
      actor: actor.name,
      actorId: actor.id,
      details: { templateId: id, name: next.name, changed },
      occurredAt: now,
    });
    return ok({ templateId: id });
  });
}
