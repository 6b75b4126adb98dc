import { z } from 'zod';
import { setMaintenanceActiveStatus } from '../../db/queries/maintenances.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import { recordNotification } from '../notifications/record-notification.ts';
import type { Services } from '../services.ts';
import { flag, maintenanceId, markdownBody } from './maintenance-input.ts';
import { withLockedMaintenance } from './maintenance-transition.ts';

const schema = z.object({
  maintenanceId,
  body: markdownBody,
  /** Statuspage's two active states: still working, or done and checking. */
  status: z.enum(['in_progress', 'verifying'], { error: 'Choose in progress or verifying.' }).default('in_progress'),
  /** The composer's "notify subscribers" box, as on incident updates. */
  notify: flag,
});

export type PostMaintenanceUpdateInput = z.input<typeof schema>;

/**
 * Publishes an external update on a maintenance in progress (or verifying), like
 * an incident update: on the public page and in the feeds at once, and recorded in
 * the outbox in the same transaction when subscribers are to be notified. The
 * update may move the window between in progress and verifying; its components
 * stay under maintenance until it completes.
 */
export async function postMaintenanceUpdate(services: Services, actor: Actor, input: unknown): Promise<Result<{ updateId: string; notified: boolean }>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return withLockedMaintenance(
    services,
    value.maintenanceId,
    async (trx, maintenance, now): Promise<Result<{ updateId: string; notified: boolean }>> => {
      if (maintenance === null) return fail(formError(ERRORS.MaintenanceGone));
      if (maintenance.status === 'scheduled') return fail(formError(ERRORS.MaintenanceNotStarted));
      if (maintenance.status !== 'in_progress' && maintenance.status !== 'verifying') return fail(formError(ERRORS.MaintenanceAlreadyCompleted));
      if (maintenance.status !== value.status) await setMaintenanceActiveStatus(trx, maintenance.id, value.status, now);
      const updateId = await insertUpdate(trx, {
        maintenanceId: maintenance.id,
        audience: 'external',
        state: 'published',
        status: value.status,
        body: value.body,
        publishedAt: now,
        createdAt: now,
        authorId: actor.id,
        deliverNotifications: value.notify,
      });
      const notified = await recordNotification(trx, { updateId, audience: 'external', deliverNotifications: value.notify }, now);
      await insertTimelineEvent(trx, {
        maintenanceId: maintenance.id,
        kind: 'maintenance.updated',
        actor: actor.name,
        actorId: actor.id,
        details: { updateId, status: value.status, notified },
        occurredAt: now,
      });
      return ok({ updateId, notified });
    },
    (result) => result.ok,
  );
}
