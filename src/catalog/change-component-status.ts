import { z } from 'zod';
import { lockComponentById } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { setComponentStatus } from '../components/set-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/types.ts';
import { parseInput } from '../http/validation.ts';
import type { Services } from '../services.ts';
import { idField } from './catalog-input.ts';
import { COMPONENT_GONE } from './component-input.ts';

const schema = z.object({
  id: idField('component'),
  status: z.enum(COMPONENT_STATUSES, { error: 'Choose one of the five statuses.' }),
});

export interface StatusChange {
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
  changed: boolean;
}

/**
 * Sets a component's status by hand (outside an incident update): the open status
 * interval closes and a new one opens, so uptime stays computed from what happened,
 * and the public page is rebuilt at once. Choosing the status it already has
 * changes nothing.
 */
export async function changeComponentStatus(services: Services, actor: Actor, input: unknown): Promise<Result<StatusChange>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, status } = parsed.value;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<StatusChange>> => {
    // Locked, so two people setting it at once take turns instead of both opening an interval.
    const component = await lockComponentById(trx, id);
    if (component === null) return fail({ _form: COMPONENT_GONE });
    if (component.status === status) return ok({ name: component.name, oldStatus: status, newStatus: status, changed: false });
    const oldStatus = await setComponentStatus(trx, id, status, now);
    await insertTimelineEvent(trx, {
      kind: 'component.status_changed',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId: id, name: component.name, oldStatus, newStatus: status },
      occurredAt: now,
    });
    return ok({ name: component.name, oldStatus, newStatus: status, changed: true });
  });
  if (result.ok && result.value.changed) services.refreshSnapshot();
  return result;
}
