import { z } from 'zod';
import { deleteComponentGroup as deleteGroupRow } from '../../db/queries/component-groups.ts';
import { lockCatalogOrder } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { confirmation, idField } from './catalog-input.ts';
import { GROUP_GONE } from './component-input.ts';
import { readCatalogOrder, writeCatalogOrder } from './ordering.ts';

const schema = z.object({
  id: idField('group'),
  confirm: confirmation('Tick the box to confirm. The group’s components are kept, without a group.'),
});

/**
 * Deletes a group. Its components are kept: they become ungrouped, after the
 * components that already were, in the order they had in the group.
 */
export async function deleteComponentGroup(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string; ungrouped: number }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ name: string; ungrouped: number }>> => {
    await lockCatalogOrder(trx);
    const order = await readCatalogOrder(trx);
    const group = order.groups.find((g) => g.id === id);
    if (group === undefined) return fail({ _form: GROUP_GONE });
    const orphans = (order.members.get(id) ?? []).map((c) => c.id);
    // The foreign key ungroups the components (on delete set null); the order is ours to write.
    await deleteGroupRow(trx, id);
    const members = new Map([...order.members].filter(([key]) => key !== id).map(([key, list]) => [key, list.map((c) => c.id)]));
    members.set('', [...(members.get('') ?? []), ...orphans]);
    await writeCatalogOrder(
      trx,
      order.groups.filter((g) => g.id !== id).map((g) => g.id),
      members,
    );
    await insertTimelineEvent(trx, {
      kind: 'component_group.deleted',
      actor: actor.name,
      actorId: actor.id,
      details: { groupId: id, name: group.name, ungroupedComponentIds: orphans },
      occurredAt: now,
    });
    return ok({ name: group.name, ungrouped: orphans.length });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}
