import type { Db } from '../../db/client.ts';
import { markMaintenanceStarted } from '../../db/queries/maintenances.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { applyDerivedComponentStatuses } from '../catalog/derived-component-status.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Maintenance, UpdateComponentChange } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { recordTransition, type TransitionChange, transitionSchema, withLockedMaintenance } from './maintenance-transition.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';

export const DEFAULT_START_BODY = 'Scheduled maintenance is in progress. We will provide updates as necessary.';

/**
 * Moves a locked, scheduled maintenance to in progress: its components are
 * recomputed by the status rule (under maintenance, unless an open incident's
 * outage or a manual status is worse; kept as status intervals), and a public
 * "in progress" update records the changes. The caller owns the transaction and the lock.
 */
async function applyStart(
  trx: Db,
  maintenance: Maintenance,
  change: TransitionChange,
): Promise<string> {
  const { at } = change;
  await markMaintenanceStarted(trx, maintenance.id, at);
  const componentChanges: UpdateComponentChange[] = (await applyDerivedComponentStatuses(trx, maintenance.componentIds, at)).map(
    ({ componentId, oldStatus, newStatus }) => ({ componentId, oldStatus, newStatus }),
  );
  return recordTransition(trx, maintenance, { status: 'in_progress', kind: 'maintenance.started', componentChanges, notify: maintenance.notifyStart }, change);
}

/**
 * Starts a maintenance now, by hand (early, or one that does not start by itself).
 */
export async function startMaintenance(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string }>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseInput(transitionSchema, input);
  if (!parsed.ok) return parsed;
  const { maintenanceId: id, body } = parsed.value;
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now): Promise<Result<{ updateId: string }>> => {
      if (maintenance === null) return fail(formError(ERRORS.MaintenanceGone));
      if (maintenance.status !== 'scheduled') return fail(formError(ERRORS.MaintenanceAlreadyStarted));
      return ok({ updateId: await applyStart(trx, maintenance, { at: now, body: body ?? DEFAULT_START_BODY, actor }) });
    },
    (result) => result.ok,
  );
}

/**
 * The job's entry point: starts the maintenance if it is still scheduled, starts
 * by itself, and its window has begun. Safe to call any number of times, from any
 * number of workers at once: the row lock and the status check apply it once.
 * Returns whether this call started it.
 */
export async function startDueMaintenance(services: Services, id: string): Promise<boolean> {
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now) => {
      if (maintenance === null || maintenance.status !== 'scheduled' || !maintenance.autoStart) return false;
      if (maintenance.scheduledFor.getTime() > now.getTime()) return false;
      await applyStart(trx, maintenance, { at: now, body: DEFAULT_START_BODY, actor: null });
      return true;
    },
    (started) => started,
  );
}
