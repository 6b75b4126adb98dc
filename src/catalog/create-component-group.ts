import { z } from 'zod';
import { findComponentGroupByName, insertComponentGroup } from '../../db/queries/component-groups.ts';
import { lockCatalogOrder } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { duplicateGroupName, groupFields } from './group-input.ts';
import { renumberCatalog } from './ordering.ts';

const schema = z.object(groupFields);

/** Adds a component group, last on the page. Group names are unique (case-insensitively). */
export async function createComponentGroup(services: Services, actor: Actor, input: unknown): Promise<Result<{ groupId: string }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ groupId: string }>> => {
    await lockCatalogOrder(trx);
    if ((await findComponentGroupByName(trx, value.name)) !== null) return fail({ name: duplicateGroupName(value.name) });
    const groupId = await insertComponentGroup(trx, { name: value.name, description: value.description, position: 2_147_483_647, createdAt: now });
    await renumberCatalog(trx);
    await insertTimelineEvent(trx, {
      kind: 'component_group.created',
      actor: actor.name,
      actorId: actor.id,
      details: { groupId, name: value.name },
      occurredAt: now,
    });
    return ok({ groupId });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}
