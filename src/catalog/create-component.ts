import { z } from 'zod';
import { findComponentGroupById } from '../../db/queries/component-groups.ts';
import { insertComponent, lockCatalogOrder } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { setComponentStatus } from './set-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { componentFields, UNKNOWN_GROUP } from './component-input.ts';
import { renumberCatalog } from './ordering.ts';

const schema = z.object(componentFields);

export type CreateComponentInput = z.input<typeof schema>;

/**
 * Adds a component at the end of its group, operational from now on (its first
 * status interval opens now, so uptime counts from its creation).
 */
export async function createComponent(services: Services, actor: Actor, input: unknown): Promise<Result<{ componentId: string }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ componentId: string }>> => {
    await lockCatalogOrder(trx);
    const group = value.groupId === null ? null : await findComponentGroupById(trx, value.groupId);
    if (value.groupId !== null && group === null) return fail({ groupId: UNKNOWN_GROUP });
    // Last of all for now (the largest integer position); the renumbering below
    // puts it last in its group.
    const componentId = await insertComponent(trx, {
      groupId: value.groupId,
      name: value.name,
      description: value.description,
      position: 2_147_483_647,
      startDate: value.startDate,
      showcase: value.showcase,
      onlyShowIfDegraded: value.onlyShowIfDegraded,
      createdAt: now,
    });
    await setComponentStatus(trx, componentId, 'operational', now);
    await renumberCatalog(trx);
    await insertTimelineEvent(trx, {
      kind: 'component.created',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId, name: value.name, groupId: value.groupId, groupName: group?.name ?? null },
      occurredAt: now,
    });
    return ok({ componentId });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}
