import { z } from 'zod';
import { lockCatalogOrder } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { direction, idField } from './catalog-input.ts';
import { GROUP_GONE } from './component-input.ts';
import { moveInList, readCatalogOrder, writeCatalogOrder } from './ordering.ts';

const schema = z.object({ id: idField('group'), direction });

/** Moves a group one place up or down; its components move with it (positions renumbered). */
export async function moveComponentGroup(services: Services, actor: Actor, input: unknown): Promise<Result<{ moved: boolean }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, direction: to } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ moved: boolean }>> => {
    await lockCatalogOrder(trx);
    const order = await readCatalogOrder(trx);
    const group = order.groups.find((g) => g.id === id);
    if (group === undefined) return fail({ _form: GROUP_GONE });
    const groupIds = moveInList(
      order.groups.map((g) => g.id),
      id,
      to,
    );
    if (groupIds === null) return ok({ moved: false });
    await writeCatalogOrder(trx, groupIds, new Map([...order.members].map(([key, list]) => [key, list.map((c) => c.id)])));
    await insertTimelineEvent(trx, {
      kind: 'component_group.moved',
      actor: actor.name,
      actorId: actor.id,
      details: { groupId: id, name: group.name, direction: to },
      occurredAt: now,
    });
    return ok({ moved: true });
  });
  if (result.ok && result.value.moved) services.refreshSnapshot();
  return result;
}
