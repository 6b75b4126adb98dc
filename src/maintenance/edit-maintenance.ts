import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { findComponentStatus } from '../../db/queries/components.ts';
import { markMaintenanceCorrectionSent, updateMaintenanceDetails } from '../../db/queries/maintenances.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { correctPublishedUpdateBody, findMaintenanceAnnouncement, insertUpdate } from '../../db/queries/updates.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Maintenance } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import { ERRORS, formError } from '../errors/catalogue.ts';
import type { Services } from '../services.ts';
import { findForbiddenHtml, MAX_BODY_LENGTH } from '../incidents/schemas.ts';
import { recordNotification } from '../notifications/record-notification.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { flag, idList, instant, reminderHours, reminderTime, maintenanceId, markdownBody } from './maintenance-input.ts';
import { recordTransition, withLockedMaintenance } from './maintenance-transition.ts';
import { MAX_TITLE } from './schedule-maintenance.ts';

/** The corrected announcement: absent leaves it as it is; empty is refused (the window would have no text). */
const announcement = z
  .string({ error: 'Write the announcement.' })
  .trim()
  .min(1, 'Write the announcement: it is what the public page shows for this window.')
  .max(MAX_BODY_LENGTH, `Keep the announcement under ${MAX_BODY_LENGTH.toLocaleString('en')} characters.`)
  .superRefine((body, ctx) => {
    const problem = findForbiddenHtml(body);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .optional();

/** An unticked box sends nothing: absent is off here (unlike the window's own flags, which default on). */
const tickedOnly = z.preprocess((value) => value ?? false, flag);

const schema = z
  .object({
    maintenanceId,
    title: z
      .string({ error: 'Give the maintenance a title.' })
      .trim()
      .min(1, 'Give the maintenance a title.')
      .max(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters.`),
    scheduledFor: instant('start'),
    scheduledUntil: instant('end'),
    componentIds: idList('Choose at least one component.'),
    autoStart: flag,
    autoComplete: flag,
    reminderHours,
    notifyStart: flag,
    notifyComplete: flag,
    /** The public update sent when the window moves; empty means the default wording. */
    message: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), markdownBody.optional()),
    announcement,
    /** Email the corrected announcement to subscribers (a correction is silent by default). */
    notifyCorrection: tickedOnly,
  })
  .refine((input) => input.scheduledUntil.getTime() > input.scheduledFor.getTime(), {
    path: ['scheduledUntil'],
    message: 'The end must be after the start.',
  });

export type EditMaintenanceInput = z.input<typeof schema>;

export interface EditedMaintenance {
  /** Whether the window moved (then subscribers are told, through `updateId`). */
  rescheduled: boolean;
  /** Whether the announcement's text was corrected, and whether the correction was emailed. */
  corrected: boolean;
  correctionNotified: boolean;
  updateId: string | null;
  /** The reminder's new time (null: none) when the window or its lead changed; undefined when neither did. */
  remindAt?: Date | null;
}

/** The reminder still to come for this window at `now`, or null. */
function dueReminder(window: { scheduledFor: Date; reminderHours: number }, now: Date): Date | null {
  const at = reminderTime(window);
  return at !== null && at > now ? at : null;
}

/** The update published when a window moves and the person wrote nothing. */
export function defaultRescheduleBody(scheduledFor: Date, scheduledUntil: Date): string {
  return `This maintenance has been rescheduled. It now takes place from ${formatUtcDateTime(scheduledFor.toISOString())} to ${formatUtcDateTime(scheduledUntil.toISOString())}.`;
}

async function checkComponents(trx: Db, componentIds: string[]): Promise<boolean> {
  for (const componentId of componentIds) {
    if ((await findComponentStatus(trx, componentId)) === null) return false;
  }
  return true;
}

/**
 * Corrects the announcement's text in place (the public page and feeds show the
 * corrected text; the feeds' entry is marked updated). Silent, as Statuspage
 * treats an edited update's body, unless the editor asks: 'separately', the
 * corrected text also goes out as a new public update recorded in the outbox,
 * marked on the window so the email says "announcement corrected" rather than
 * "rescheduled"; 'with-reschedule', the window moves too and the reschedule's
 * update carries the corrected text (the caller adds it). Returns whether the
 * text changed.
 */
async function correctAnnouncement(
  trx: Db,
  maintenance: Maintenance,
  text: string | undefined,
  notify: 'separately' | 'with-reschedule' | 'no',
  actor: Actor,
  now: Date,
): Promise<boolean> {
  if (text === undefined) return false;
  const current = await findMaintenanceAnnouncement(trx, maintenance.id);
  if (current === null || current.body.trim() === text) return false;
  await correctPublishedUpdateBody(trx, current.id, text, now);
  let notifiedUpdateId: string | null = null;
  if (notify === 'separately') {
    notifiedUpdateId = await insertUpdate(trx, {
      maintenanceId: maintenance.id,
      audience: 'external',
      state: 'published',
      status: 'scheduled',
      body: text,
      publishedAt: now,
      createdAt: now,
      authorId: actor.id,
    });
    await markMaintenanceCorrectionSent(trx, maintenance.id, now);
    await recordNotification(trx, { updateId: notifiedUpdateId, audience: 'external', deliverNotifications: true }, now);
  }
  await insertTimelineEvent(trx, {
    maintenanceId: maintenance.id,
    kind: 'maintenance.announcement_corrected',
    actor: actor.name,
    actorId: actor.id,
    details: { updateId: current.id, before: current.body, after: text, notified: notify !== 'no', ...(notifiedUpdateId === null ? {} : { notificationUpdateId: notifiedUpdateId }) },
    occurredAt: now,
  });
  return true;
}

/**
 * Edits a scheduled window: title, components, automation, times and the
 * announcement's text. A change of title or components is silent (the public page
 * shows it at once), and so is a corrected announcement unless the editor ticks
 * "email the correction"; when the times move, an external "scheduled" update
 * with the new window is published and recorded in the outbox in the same
 * transaction, so subscribers are told. After the commit the start and complete
 * jobs are moved (pg-boss upsert on the id); a job left at an old time re-checks
 * the row and does nothing.
 */
export async function editMaintenance(services: Services, actor: Actor, input: unknown): Promise<Result<EditedMaintenance>> {
  requirePermission(actor, 'maintenance.manage');
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const result = await withLockedMaintenance(
    services,
    value.maintenanceId,
    async (trx, maintenance, now): Promise<Result<EditedMaintenance>> => {
      if (maintenance === null) return fail(formError(ERRORS.MaintenanceGone));
      if (maintenance.status !== 'scheduled') return fail(formError(ERRORS.MaintenanceNotEditable));
      const rescheduled =
        maintenance.scheduledFor.getTime() !== value.scheduledFor.getTime() ||
        maintenance.scheduledUntil.getTime() !== value.scheduledUntil.getTime();
      if (rescheduled && value.scheduledFor.getTime() <= now.getTime()) return fail({ scheduledFor: 'The start must be in the future.' });
      if (!(await checkComponents(trx, value.componentIds))) {
        return fail({ componentIds: 'One of the chosen components no longer exists. Reload the page and choose again.' });
      }
      const details = {
        title: value.title,
        scheduledFor: value.scheduledFor,
        scheduledUntil: value.scheduledUntil,
        autoStart: value.autoStart,
        autoComplete: value.autoComplete,
        reminderHours: value.reminderHours,
        notifyStart: value.notifyStart,
        notifyComplete: value.notifyComplete,
        componentIds: value.componentIds,
      };
      const remindingChanged = rescheduled || details.reminderHours !== maintenance.reminderHours;
      const detailsChanged =
        rescheduled ||
        remindingChanged ||
        value.title !== maintenance.title ||
        [...value.componentIds].sort().join() !== [...maintenance.componentIds].sort().join() ||
        (['autoStart', 'autoComplete', 'notifyStart', 'notifyComplete'] as const).some((key) => details[key] !== maintenance[key]);
      // When the window moves too, the correction rides in the reschedule's email: one message, not two.
      const corrected = await correctAnnouncement(trx, maintenance, value.announcement, !value.notifyCorrection ? 'no' : rescheduled ? 'with-reschedule' : 'separately', actor, now);
      const correctionNotified = corrected && value.notifyCorrection;
      await updateMaintenanceDetails(trx, maintenance.id, details, now, remindingChanged ? { remindAt: dueReminder(details, now) } : undefined);
      // Only the announcement corrected: its own event says so, not "maintenance edited".
      if (detailsChanged || !corrected) await insertTimelineEvent(trx, {
        maintenanceId: maintenance.id,
        kind: 'maintenance.edited',
        actor: actor.name,
        actorId: actor.id,
        details: {
          before: { title: maintenance.title, scheduledFor: maintenance.scheduledFor.toISOString(), scheduledUntil: maintenance.scheduledUntil.toISOString(), componentIds: maintenance.componentIds },
          after: { title: value.title, scheduledFor: value.scheduledFor.toISOString(), scheduledUntil: value.scheduledUntil.toISOString(), componentIds: value.componentIds },
          rescheduled,
        },
        occurredAt: now,
      });
      if (!rescheduled) return ok({ rescheduled, corrected, correctionNotified, updateId: null, ...(remindingChanged ? { remindAt: dueReminder(details, now) } : {}) });
      const moved: Maintenance = { ...maintenance, ...details };
      const moveBody = value.message ?? defaultRescheduleBody(value.scheduledFor, value.scheduledUntil);
      const body = correctionNotified && value.announcement !== undefined ? `${moveBody}\n\nCorrected announcement:\n\n${value.announcement}` : moveBody;
      const updateId = await recordTransition(trx, moved, { status: 'scheduled', kind: 'maintenance.rescheduled', componentChanges: [] }, { at: now, body, actor });
      return ok({ rescheduled, corrected, correctionNotified, updateId, remindAt: dueReminder(details, now) });
    },
    (outcome) => outcome.ok,
  );
  if (result.ok && result.value.remindAt !== undefined) {
    await services.jobs.scheduleMaintenance(value.maintenanceId, value.scheduledFor, value.scheduledUntil, result.value.remindAt);
  }
  return result;
}
