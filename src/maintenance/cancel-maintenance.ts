import { markMaintenanceCancelled } from '../../db/queries/maintenances.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { recordTransition, transitionSchema, withLockedMaintenance } from './maintenance-transition.ts';

export const DEFAULT_CANCEL_BODY = 'This scheduled maintenance has been cancelled. The window will not take place.';

/**
 * Cancels a scheduled window with a public message: the maintenance keeps its row
 * as 'cancelled' (history and feeds say so; the public page and the upcoming lists
 * no longer show it), and the message is published as its last update and
 * recorded in the outbox, so subscribers are told. Its start and complete jobs
 * stay queued but do nothing: they re-check the row under its lock. One in
 * progress is completed instead, not cancelled: its components already changed.
 */
export async function cancelMaintenance(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string }>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseInput(transitionSchema, input);
  if (!parsed.ok) return parsed;
  const { maintenanceId: id, body } = parsed.value;
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now): Promise<Result<{ updateId: string }>> => {
      if (maintenance === null) return fail(formError(ERRORS.MaintenanceGone));
      if (maintenance.status === 'cancelled') return fail(formError(ERRORS.MaintenanceAlreadyCancelled));
      if (maintenance.status !== 'scheduled') return fail(formError(ERRORS.MaintenanceNotEditable));
      await markMaintenanceCancelled(trx, id, now);
      const change = { at: now, body: body ?? DEFAULT_CANCEL_BODY, actor };
      return ok({ updateId: await recordTransition(trx, maintenance, { status: 'cancelled', kind: 'maintenance.cancelled', componentChanges: [] }, change) });
    },
    (result) => result.ok,
  );
}
