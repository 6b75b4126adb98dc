import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { lockMaintenance } from '../../db/queries/maintenances.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Maintenance, MaintenanceStatus, UpdateComponentChange } from '../domain/types.ts';
import { SCHEDULER_NAME } from '../incidents/publish-update.ts';
import type { Services } from '../services.ts';
import { recordNotification } from '../notifications/record-notification.ts';
import { maintenanceId, markdownBody } from './maintenance-input.ts';

/**
 * What starting and completing a maintenance share: the input of the by-hand
 * forms, and the public update plus timeline event that record the move.
 */

export interface TransitionChange {
  at: Date;
  body: string;
  /** null when the scheduler does it. */
  actor: Actor | null;
}

/** Input of "start now" / "complete now": an empty body means the default wording. */
export const transitionSchema = z.object({
  maintenanceId,
  body: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), markdownBody.optional()),
});

/** Publishes the external update announcing the new status, and its timeline event. */
export async function recordTransition(
  trx: Db,
  maintenance: Maintenance,
  transition: { status: MaintenanceStatus; kind: string; componentChanges: UpdateComponentChange[]; notify?: boolean },
  change: TransitionChange,
): Promise<string> {
  const updateId = await insertUpdate(trx, {
    maintenanceId: maintenance.id,
    audience: 'external',
    state: 'published',
    status: transition.status,
    body: change.body,
    publishedAt: change.at,
    createdAt: change.at,
    authorId: change.actor?.id ?? null,
    componentChanges: transition.componentChanges,
    deliverNotifications: transition.notify ?? true,
  });
  // Start and completion are emailed only when the window says so; the update is public either way.
  await recordNotification(trx, { updateId, audience: 'external', deliverNotifications: transition.notify ?? true }, change.at);
  await insertTimelineEvent(trx, {
    maintenanceId: maintenance.id,
    kind: transition.kind,
    actor: change.actor?.name ?? SCHEDULER_NAME,
    actorId: change.actor?.id ?? null,
    details: { updateId, automatic: change.actor === null, componentChanges: transition.componentChanges },
    occurredAt: change.at,
  });
  return updateId;
}

/**
 * Runs one step on a maintenance under its row lock, in one transaction, and
 * refreshes the public page when the step changed something. Whether a person
 * or the scheduler moves it, the lock and the status check make it happen once.
 */
export async function withLockedMaintenance<T>(
  services: Services,
  id: string,
  step: (trx: Db, maintenance: Maintenance | null, now: Date) => Promise<T>,
  changed: (result: T) => boolean,
): Promise<T> {
  const result = await services.db.transaction().execute(async (trx) => step(trx, await lockMaintenance(trx, id), services.now()));
  if (changed(result)) services.refreshSnapshot();
  return result;
}
