import type { Db } from '../../db/client.ts';
import { markMaintenanceCompleted } from '../../db/queries/maintenances.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Maintenance, UpdateComponentChange } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { recordTransition, type TransitionChange, transitionSchema, withLockedMaintenance } from './maintenance-transition.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

export const DEFAULT_COMPLETE_BODY = 'The scheduled maintenance has been completed.';

const ACTIVE = new Set(['in_progress', 'verifying']);

/**
 * Completes a locked maintenance in progress: its components are recomputed by
 * the status rule without it (operational, unless an open incident, another
 * maintenance in progress or a manual status keeps them elsewhere), and a public
 * "completed" update records the changes.
 */
async function applyComplete(
  trx: Db,
  maintenance: Maintenance,
  change: TransitionChange,
): Promise<string> {
  const { at } = change;
  await markMaintenanceCompleted(trx, maintenance.id, at);
  const componentChanges: UpdateComponentChange[] = (await applyDerivedComponentStatuses(trx, maintenance.componentIds, at)).map(
    ({ componentId, oldStatus, newStatus }) => ({ componentId, oldStatus, newStatus }),
  );
  return recordTransition(trx, maintenance, { status: 'completed', kind: 'maintenance.completed', componentChanges, notify: maintenance.notifyComplete }, change);
}

/** Completes a maintenance in progress now, by hand (early, or one that does not complete by itself). */
export async function completeMaintenance(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string }>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseInput(transitionSchema, input);
  if (!parsed.ok) return parsed;
  const { maintenanceId: id, body } = parsed.value;
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now): Promise<Result<{ updateId: string }>> => {
      if (maintenance === null) return fail(formError(ERRORS.MaintenanceGone));
      if (maintenance.status === 'scheduled') return fail(formError(ERRORS.MaintenanceNotStarted));
      if (!ACTIVE.has(maintenance.status)) return fail(formError(ERRORS.MaintenanceAlreadyCompleted));
      return ok({ updateId: await applyComplete(trx, maintenance, { at: now, body: body ?? DEFAULT_COMPLETE_BODY, actor }) });
    },
    (result) => result.ok,
  );
}

/**
 * The job's entry point: completes the maintenance if it is in progress, completes
 * by itself, and its window has ended. Safe to call any number of times, from any
 * number of workers at once. Returns whether this call completed it.
 */
export async function completeDueMaintenance(services: Services, id: string): Promise<boolean> {
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now) => {
      if (maintenance === null || !ACTIVE.has(maintenance.status) || !maintenance.autoComplete) return false;
      if (maintenance.scheduledUntil.getTime() > now.getTime()) return false;
      await applyComplete(trx, maintenance, { at: now, body: DEFAULT_COMPLETE_BODY, actor: null });
      return true;
    },
    (completed) => completed,
  );
}
