import { z } from 'zod';
import { lockComponentById, updateComponentManualStatus } from '../../db/queries/components.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses, type ComponentStatusSources, loadComponentStatusSources } from './derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
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
  /** The status the component has now: the worst of what was set here and its other claims. */
  newStatus: ComponentStatus;
  /** The status chosen by hand. */
  requested: ComponentStatus;
  /** Whether anything changed (the status, or only the status kept by hand). */
  changed: boolean;
  /** When newStatus is worse than requested: what keeps it there, in words. */
  heldBy: string[];
}

function heldBy(source: ComponentStatusSources): string[] {
  return [
    ...source.incidents.filter((i) => i.status !== 'operational').map((i) => `the open incident “${i.incidentTitle}”`),
    ...(source.maintenanceInProgress ? ['a maintenance in progress'] : []),
  ];
}

/**
 * Sets a component's status by hand (outside an incident update). The status set
 * here is a claim of its own (components.manual_status): it stays until someone
 * sets the component back to operational here, and the component shows the worst
 * of it and its other claims (open incidents, a maintenance in progress; see
 * src/catalog/derive-component-status.ts). So setting "operational" while an
 * incident still claims an outage clears the manual claim but leaves the outage,
 * and the result says why. A changed status is kept as a status interval and the
 * public page is rebuilt at once. Choosing what is already set changes nothing.
 */
export async function changeComponentStatus(services: Services, actor: Actor, input: unknown): Promise<Result<StatusChange>> {
  requirePermission(actor, 'component.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const { id, status } = parsed.value;
  const manual = status === 'operational' ? null : status;
  const now = services.now();

  const result = await services.db.transaction().execute(async (trx): Promise<Result<StatusChange>> => {
    // Locked, so two people setting it at once take turns instead of both opening an interval.
    const component = await lockComponentById(trx, id);
    if (component === null) return fail({ _form: COMPONENT_GONE });
    if (component.manualStatus === manual) {
      const [source] = await loadComponentStatusSources(trx, [id]);
      return ok({ name: component.name, oldStatus: component.status, newStatus: component.status, requested: status, changed: false, heldBy: source ? heldBy(source) : [] });
    }
    await updateComponentManualStatus(trx, id, manual);
    const [applied] = await applyDerivedComponentStatuses(trx, [id], now);
    const newStatus = applied?.newStatus ?? component.status;
    const [source] = await loadComponentStatusSources(trx, [id]);
    await insertTimelineEvent(trx, {
      kind: 'component.status_changed',
      actor: actor.name,
      actorId: actor.id,
      details: { componentId: id, name: component.name, oldStatus: component.status, newStatus, requested: status },
      occurredAt: now,
    });
    return ok({ name: component.name, oldStatus: component.status, newStatus, requested: status, changed: true, heldBy: newStatus === status || !source ? [] : heldBy(source) });
  });
  if (result.ok && result.value.changed) services.refreshSnapshot();
  return result;
}
