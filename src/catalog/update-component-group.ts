import { z } from 'zod';
import { findComponentGroupById, findComponentGroupByName, updateComponentGroupDetails } from '../../db/queries/component-groups.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { idField } from './catalog-input.ts';
import { GROUP_GONE } from './component-input.ts';
import { duplicateGroupName, groupFields } from './group-input.ts';

const schema = z.object({ id: idField('group'), ...groupFields });

/** Renames a group or changes its description. */
export async function updateComponentGroup(services: Services, actor: Actor, input: unknown): Promise<Result<{ groupId: string }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, name, description } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ changed: boolean }>> => {
    const group = await findComponentGroupById(trx, id);
    if (group === null) return fail({ _form: GROUP_GONE });
    if ((await findComponentGroupByName(trx, name, id)) !== null) return fail({ name: duplicateGroupName(name) });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (group.name !== name) changes['name'] = { from: group.name, to: name };
    if (group.description !== description) changes['description'] = { from: group.description, to: description };
    if (Object.keys(changes).length === 0) return ok({ changed: false });
    await updateComponentGroupDetails(trx, id, { name, description }, now);
    await insertTimelineEvent(trx, {
      kind: 'component_group.updated',
      actor: actor.name,
      actorId: actor.id,
      details: { groupId: id, name, changes },
      occurredAt: now,
    });
    return ok({ changed: true });
  });
  if (!result.ok) return result;
  if (result.value.changed) services.refreshSnapshot();
  return ok({ groupId: id });
}
