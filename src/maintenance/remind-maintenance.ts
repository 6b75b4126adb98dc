import { markMaintenanceReminded } from '../../db/queries/maintenances.ts';
import type { Services } from '../services.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { recordTransition, withLockedMaintenance } from './maintenance-transition.ts';

/** The reminder's words: when the window starts and ends, in UTC like every email. */
export function reminderBody(scheduledFor: Date, scheduledUntil: Date): string {
  return `Reminder: this scheduled maintenance starts on ${formatUtcDateTime(scheduledFor.toISOString())} and is planned to end on ${formatUtcDateTime(scheduledUntil.toISOString())}.`;
}

/**
 * The reminder job's entry point, and the sweep's for a reminder whose job was
 * lost. Under the row lock it re-checks everything the job cannot know: the window
 * is still scheduled (not started, cancelled or gone), a reminder is still owed
 * (`remindAt`: none went out for this window yet, and it was set up at least its
 * lead ahead), and now lies between the reminder's time and the start (a job from
 * before a reschedule arrives early or late and does nothing; the rescheduled one
 * follows; a reminder is never sent once the window has begun). The reminder is a
 * public "scheduled" update recorded in the outbox in the same transaction as the
 * mark, so it is sent once even if the job and the sweep both run. Returns whether it sent.
 */
export async function remindDueMaintenance(services: Services, id: string): Promise<boolean> {
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now) => {
      if (maintenance === null || maintenance.status !== 'scheduled' || maintenance.remindedAt !== null) return false;
      const at = maintenance.remindAt;
      if (at === null || now.getTime() < at.getTime() || now.getTime() >= maintenance.scheduledFor.getTime()) return false;
      await markMaintenanceReminded(trx, maintenance.id, now);
      await recordTransition(
        trx,
        maintenance,
        { status: 'scheduled', kind: 'maintenance.reminded', componentChanges: [] },
        { at: now, body: reminderBody(maintenance.scheduledFor, maintenance.scheduledUntil), actor: null },
      );
      return true;
    },
    (sent) => sent,
  );
}
