import { z } from 'zod';
import { deleteComponent as deleteComponentRow, lockCatalogOrder, lockComponentById } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { confirmation, idField } from './catalog-input.ts';
import { COMPONENT_GONE } from './component-input.ts';
import { renumberCatalog } from './ordering.ts';

const schema = z.object({
  id: idField('component'),
  confirm: confirmation('Tick the box to confirm: deleting removes the component and its uptime history.'),
});

/**
 * Deletes a component, with its status history and its links to incidents and
 * maintenance (those stay, without it). Needs an explicit confirmation. The audit
 * event keeps the name and the last status, since nothing else will.
 */
export async function deleteComponent(services: Services, actor: Actor, input: unknown): Promise<Result<{ name: string }>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<{ name: string }>> => {
    await lockCatalogOrder(trx);
    const component = await lockComponentById(trx, id);
    if (component === null) return fail({ _form: COMPONENT_GONE });
    await deleteComponentRow(trx, id);
    await renumberCatalog(trx);
    await insertTimelineEvent(trx, {
      kind: 'component.deleted',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId: id, name: component.name, groupId: component.groupId, lastStatus: component.status },
      occurredAt: now,
    });
    return ok({ name: component.name });
  });
  if (result.ok) services.refreshSnapshot();
  return result;
}
