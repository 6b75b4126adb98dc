import { z } from 'zod';
import { findComponentStatus } from '../../db/queries/components.ts';
import { insertMaintenance } from '../../db/queries/maintenances.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import { recordNotification } from '../notifications/record-notification.ts';
import type { Services } from '../services.ts';
import { flag, idList, instant, reminderHours, reminderTime, markdownBody } from './maintenance-input.ts';

export const MAX_TITLE = 200;

const schema = z
  .object({
    title: z
      .string({ error: 'Give the maintenance a title.' })
      .trim()
      .min(1, 'Give the maintenance a title.')
      .max(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters.`),
    scheduledFor: instant('start'),
    scheduledUntil: instant('end'),
    componentIds: idList('Choose at least one component.'),
    body: markdownBody,
    autoStart: flag,
    autoComplete: flag,
    reminderHours,
    notifyStart: flag,
    notifyComplete: flag,
  })
  .refine((input) => input.scheduledUntil.getTime() > input.scheduledFor.getTime(), {
    path: ['scheduledUntil'],
    message: 'The end must be after the start.',
  });

export type ScheduleMaintenanceInput = z.input<typeof schema>;
export type ValidScheduleMaintenanceInput = z.output<typeof schema>;

/** The input checked, without the clock or the database (so the window's rules have unit tests). */
export function parseScheduleMaintenanceInput(input: unknown): Result<ValidScheduleMaintenanceInput> {
  return parseInput(schema, input);
}

export interface ScheduledMaintenance {
  maintenanceId: string;
  /** The announcement, published at once as an external update. */
  updateId: string;
}

/**
 * Schedules a maintenance window: the maintenance, its components and its
 * announcement (published now, so the public page lists it as upcoming), in one
 * transaction. After the commit the job queue gets the start and the end; the
 * jobs start and complete it by themselves unless autoStart/autoComplete are off.
 */
export async function scheduleMaintenance(services: Services, actor: Actor, input: unknown): Promise<Result<ScheduledMaintenance>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseScheduleMaintenanceInput(input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const now = services.now();
  if (value.scheduledFor.getTime() <= now.getTime()) return fail({ scheduledFor: 'The start must be in the future.' });

  // A reminder already due (a window less than its lead away) is not owed: the announcement goes out now.
  const reminder = reminderTime(value);
  const remindAt = reminder !== null && reminder > now ? reminder : null;
  const result = await services.db.transaction().execute(async (trx): Promise<Result<ScheduledMaintenance>> => {
    for (const componentId of value.componentIds) {
      if ((await findComponentStatus(trx, componentId)) === null) {
        return fail({ componentIds: 'One of the chosen components no longer exists. Reload the page and choose again.' });
      }
    }
    const maintenanceId = await insertMaintenance(trx, {
      title: value.title,
      status: 'scheduled',
      scheduledFor: value.scheduledFor,
      scheduledUntil: value.scheduledUntil,
      createdAt: now,
      componentIds: value.componentIds,
      autoStart: value.autoStart,
      autoComplete: value.autoComplete,
      reminderHours: value.reminderHours,
      notifyStart: value.notifyStart,
      notifyComplete: value.notifyComplete,
      remindAt,
    });
    const updateId = await insertUpdate(trx, {
      maintenanceId,
      audience: 'external',
      state: 'published',
      status: 'scheduled',
      body: value.body,
      publishedAt: now,
      createdAt: now,
      authorId: actor.id,
    });
    await recordNotification(trx, { updateId, audience: 'external', deliverNotifications: true }, now);
    await insertTimelineEvent(trx, {
      maintenanceId,
      kind: 'maintenance.scheduled',
      actor: actor.name,
      actorId: actor.id,
      details: {
        updateId,
        scheduledFor: value.scheduledFor.toISOString(),
        scheduledUntil: value.scheduledUntil.toISOString(),
        componentIds: value.componentIds,
        autoStart: value.autoStart,
        autoComplete: value.autoComplete,
        reminderHours: value.reminderHours,
        notifyStart: value.notifyStart,
        notifyComplete: value.notifyComplete,
      },
      occurredAt: now,
    });
    return ok({ maintenanceId, updateId });
  });
  if (!result.ok) return result;

  services.refreshSnapshot();
  await services.jobs.scheduleMaintenance(result.value.maintenanceId, value.scheduledFor, value.scheduledUntil, remindAt);
  return result;
}
