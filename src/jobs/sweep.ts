import { listDueMaintenances, listDueReminders } from '../../db/queries/maintenances.ts';
import { listDueUpdateIds } from '../../db/queries/updates.ts';
import { publishDueUpdate } from '../incidents/publish-update.ts';
import { completeDueMaintenance } from '../maintenance/complete-maintenance.ts';
import { remindDueMaintenance } from '../maintenance/remind-maintenance.ts';
import { startDueMaintenance } from '../maintenance/start-maintenance.ts';
import type { Services } from '../services.ts';

export interface SweepSummary {
  published: number;
  /** Maintenance reminders sent (their job was lost or never ran). */
  reminded: number;
  started: number;
  completed: number;
  /** Steps that threw (logged); the next sweep tries them again. */
  failed: number;
}

/**
 * Does everything whose time has come, whatever the queue holds: publishes due
 * scheduled updates, sends maintenance reminders that are owed and due (never
 * once the window has begun), starts and completes due maintenances (their start
 * and completion emails are recorded in the same transaction as the move, so they
 * need no sweep of their own). The safety net for a
 * job lost between a commit and its send (process killed in between, queue down)
 * and for work that fell due while nothing ran. Every step re-checks the row under
 * a lock, so running it alongside the jobs, or twice at once, changes nothing twice.
 * One failing item does not hold up the others.
 */
export async function sweepDueWork(services: Services, log: (message: string) => void = () => {}): Promise<SweepSummary> {
  const now = services.now();
  const summary: SweepSummary = { published: 0, reminded: 0, started: 0, completed: 0, failed: 0 };
  const attempt = async (what: string, step: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await step();
    } catch (error) {
      summary.failed += 1;
      log(`Sweep: could not ${what}: ${(error as Error).message}`);
      return false;
    }
  };
  for (const updateId of await listDueUpdateIds(services.db, now)) {
    if (await attempt(`publish update ${updateId}`, () => publishDueUpdate(services, updateId))) summary.published += 1;
  }
  for (const maintenanceId of await listDueReminders(services.db, now)) {
    if (await attempt(`remind subscribers of maintenance ${maintenanceId}`, () => remindDueMaintenance(services, maintenanceId))) summary.reminded += 1;
  }
  const due = await listDueMaintenances(services.db, now);
  // Starts first: a window that passed entirely while nothing ran is started, then completed.
  for (const maintenanceId of [...due.toStart, ...due.toComplete]) {
    if (await attempt(`start maintenance ${maintenanceId}`, () => startDueMaintenance(services, maintenanceId))) summary.started += 1;
  }
  for (const maintenanceId of due.toComplete) {
    if (await attempt(`complete maintenance ${maintenanceId}`, () => completeDueMaintenance(services, maintenanceId))) summary.completed += 1;
  }
  return summary;
}
