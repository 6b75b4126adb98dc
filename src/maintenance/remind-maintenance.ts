import { markMaintenanceReminded } from '../../db/queries/maintenances.ts';
import type { Services } from '../services.ts';
import { formatUtcDateTime } from '../status/page-view.ts';
import { reminderTime } from './maintenance-input.ts';
import { recordTransition, withLockedMaintenance } from './maintenance-transition.ts';

/** The reminder's words: when the window starts and ends, in UTC like every email. */
export function reminderBody(scheduledFor: Date, scheduledUntil: Date): string {
  return `Reminder: this scheduled maintenance starts on ${formatUtcDateTime(scheduledFor.toISOString())} and is planned to end on ${formatUtcDateTime(scheduledUntil.toISOString())}.`;
}

/**
 * The reminder job's entry point. Under the row lock it re-checks everything the
 * job cannot know: the window is still scheduled (not started, cancelled or gone),
 * it still wants a reminder, none went out for this window yet, and now lies
 * between the reminder's time and the start (a job from before a reschedule
 * arrives early or late and does nothing; the rescheduled one follows). The
 * reminder is a public "scheduled" update recorded in the outbox in the same
 * transaction, so it is sent once even if the job runs twice. Returns whether it sent.
 */
export async function remindDueMaintenance(services: Services, id: string): Promise<boolean> {
  return withLockedMaintenance(
    services,
    id,
    async (trx, maintenance, now) => {
      if (maintenance === null || maintenance.status !== 'scheduled' || maintenance.remindedAt !== null) return false;
      const at = reminderTime(maintenance);
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
