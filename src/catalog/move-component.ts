import { z } from 'zod';
import { lockCatalogOrder } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { direction, idField } from './catalog-input.ts';
import { COMPONENT_GONE } from './component-input.ts';
import { groupKey, moveInList, readCatalogOrder, writeCatalogOrder } from './ordering.ts';

const schema = z.object({ id: idField('component'), direction });

/**
 * Moves a component one place up or down within its group, renumbering the whole
 * catalogue in the same transaction. At the top (or bottom) already, nothing changes.
 */
export async function moveComponent(services: Services, actor: Actor, input: unknown): Promise<Result<{ moved: boolean }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, direction: to } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ moved: boolean }>> => {
    await lockCatalogOrder(trx);
    const order = await readCatalogOrder(trx);
    const component = [...order.members.values()].flat().find((c) => c.id === id);
    if (component === undefined) return fail({ _form: COMPONENT_GONE });
    const key = groupKey(component.groupId);
    const siblings = (order.members.get(key) ?? []).map((c) => c.id);
    const moved = moveInList(siblings, id, to);
    if (moved === null) return ok({ moved: false });
    const members = new Map([...order.members].map(([k, list]) => [k, k === key ? moved : list.map((c) => c.id)]));
    await writeCatalogOrder(
      trx,
      order.groups.map((g) => g.id),
      members,
    );
    await insertTimelineEvent(trx, {
      kind: 'component.moved',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId: id, name: component.name, direction: to },
      occurredAt: now,
    });
    return ok({ moved: true });
  });
  if (result.ok && result.value.moved) services.refreshSnapshot();
  return result;
}
