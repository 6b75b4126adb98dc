import { z } from 'zod';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { findUpdateTemplateByName, insertUpdateTemplate } from '../../db/queries/update-templates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { duplicateTemplateName, templateFields } from './template-input.ts';

const schema = z.object(templateFields);

export type UpdateTemplateInput = z.input<typeof schema>;

/** Adds an update template. Names are unique (case-insensitively) so the composer's list is unambiguous. */
export async function createUpdateTemplate(services: Services, actor: Actor, input: unknown): Promise<Result<{ templateId: string }>> {
  requirePermission(actor, 'template.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();

  return services.db.transaction().execute(async (trx): Promise<Result<{ templateId: string }>> => {
    if ((await findUpdateTemplateByName(trx, value.name)) !== null) return fail({ name: duplicateTemplateName(value.name) });
    const templateId = await insertUpdateTemplate(trx, { ...value, createdAt: now });
    await insertTimelineEvent(trx, {
      kind: 'template.created',
      actor: actor.name,
      actorId: actor.id,
      details: { templateId, name: value.name, status: value.status },
      occurredAt: now,
    });
    return ok({ templateId });
  });
}
