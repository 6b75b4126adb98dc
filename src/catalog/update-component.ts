import { z } from 'zod';
import { findComponentGroupById } from '../../db/queries/component-groups.ts';
import { type ComponentDetails, lockCatalogOrder, lockComponentById, updateComponentDetails } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { idField } from './catalog-input.ts';
import { COMPONENT_GONE, componentFields, UNKNOWN_GROUP } from './component-input.ts';
import { renumberCatalog } from './ordering.ts';

const schema = z.object({ id: idField('component'), ...componentFields });

export type UpdateComponentInput = z.input<typeof schema>;

/**
 * Saves a component's details. Moved to another group, it goes to the end of that
 * group. The audit event lists each field that changed, from and to.
 */
export async function updateComponent(services: Services, actor: Actor, input: unknown): Promise<Result<{ componentId: string }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, ...details } = parsed.value;
  const next: ComponentDetails = details;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ componentId: string; changed: boolean }>> => {
    await lockCatalogOrder(trx);
    const current = await lockComponentById(trx, id);
    if (current === null) return fail({ _form: COMPONENT_GONE });
    if (next.groupId !== null && (await findComponentGroupById(trx, next.groupId)) === null) return fail({ groupId: UNKNOWN_GROUP });

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof ComponentDetails)[]) {
      if (current[key] !== next[key]) changes[key] = { from: current[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return ok({ componentId: id, changed: false });

    await updateComponentDetails(trx, id, next, now);
    if (current.groupId !== next.groupId) await renumberCatalog(trx, { appendToGroup: { componentId: id, groupId: next.groupId } });
    await insertTimelineEvent(trx, {
      kind: 'component.updated',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId: id, name: next.name, changes },
      occurredAt: now,
    });
    return ok({ componentId: id, changed: true });
  });
  if (!result.ok) return result;
  if (result.value.changed) services.refreshSnapshot();
  return ok({ componentId: id });
}
