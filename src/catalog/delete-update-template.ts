import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { deleteUpdateTemplate as deleteTemplateRow, findUpdateTemplate } from '../../db/queries/update-templates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { confirmation, idField } from './catalog-input.ts';
import { TEMPLATE_GONE } from './template-input.ts';

const schema = z.object({
  id: idField('template'),
  confirm: confirmation('Tick the box to confirm. Updates already written from it are not affected.'),
});

/** Deletes an update template (updates written from it keep their text). */
export async function deleteUpdateTemplate(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string }>> {
  requirePermission(actor, 'template.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id } = parsed.value;
  const now = services.now();

  return services.db.transaction().execute(async (trx): Promise<Result<{ name: string }>> => {
    const template = await findUpdateTemplate(trx, id);
    if (template === null) return fail({ _form: TEMPLATE_GONE });
    await deleteTemplateRow(trx, id);
    await insertTimelineEvent(trx, {
      kind: 'template.deleted',
      actor: actor.name,
      actorId: actor.id,
      details: { templateId: id, name: template.name, status: template.status },
      occurredAt: now,
    });
    return ok({ name: template.name });
  });
}
