import { listComponents } from '../../../db/queries/components.ts';
import type { Maintenance } from '../../domain/types.ts';
import { ERRORS } from '../../errors/catalogue.ts';
import { cancelMaintenance } from '../../maintenance/cancel-maintenance.ts';
import { completeMaintenance } from '../../maintenance/complete-maintenance.ts';
import { editMaintenance } from '../../maintenance/edit-maintenance.ts';
import { postMaintenanceUpdate } from '../../maintenance/post-maintenance-update.ts';
import { scheduleMaintenance } from '../../maintenance/schedule-maintenance.ts';
import { startMaintenance } from '../../maintenance/start-maintenance.ts';
import { apiError, type V1Answer, type V1Request } from './endpoint.ts';
import type { IncidentInput } from './incident-create.ts';
import { getIncidentAnswer } from './incidents.ts';
import { useCaseRefusal } from './input.ts';

/**
 * Scheduled maintenance through the incidents endpoints, as Statuspage models it
 * (a "scheduled incident"): a POST with `scheduled_for`/`scheduled_until` (or a
 * maintenance status) schedules a Herald maintenance, and a PATCH on its id moves
 * it along — all through src/maintenance/'s use cases (scope maintenance:write,
 * their permission):
 *
 * - scheduled: name, times, components, automation and the reminder edited
 *   (editMaintenance; a moved window tells subscribers); a `body` corrects the
 *   announcement, silently unless deliver_notifications is true.
 * - in_progress: starts a scheduled window (startMaintenance, `body` its update),
 *   or posts an update on one already under way (postMaintenanceUpdate).
 * - verifying: an update on a window under way, marking it verifying.
 * - completed: completes a window under way (completeMaintenance); on one not yet
 *   started it is called off (cancelMaintenance): Statuspage clients complete a
 *   maintenance to cancel it, and Herald answers it with status "cancelled".
 */

export const MAINTENANCE_API_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

const FIELD_NAMES: Record<string, string> = {
  title: 'name',
  scheduledFor: 'scheduled_for',
  scheduledUntil: 'scheduled_until',
  componentIds: 'component_ids',
  body: 'body',
  announcement: 'body',
  message: 'body',
  autoStart: 'scheduled_auto_in_progress',
  autoComplete: 'scheduled_auto_completed',
  reminderHours: 'scheduled_remind_prior',
  status: 'status',
  notify: 'deliver_notifications',
};

const DEFAULT_ANNOUNCEMENT = 'Scheduled maintenance is planned for the components listed.';
const DEFAULT_VERIFYING_BODY = 'The maintenance work is done and we are verifying the results.';
const DEFAULT_PROGRESS_BODY = 'Scheduled maintenance is still in progress.';

const given = (text: string | null | undefined): boolean => text !== undefined && text !== null && text.trim() !== '';

/** Whether a create asks for a maintenance: times given, or a status only maintenance has. */
export function isMaintenanceInput(input: IncidentInput): boolean {
  return given(input.scheduled_for) || given(input.scheduled_until) || (input.status !== undefined && (MAINTENANCE_API_STATUSES as readonly string[]).includes(input.status));
}

function refusal(id: string, errors: Record<string, string>): V1Answer {
  if (Object.values(errors).includes(ERRORS.MaintenanceGone.message)) return apiError(404, `There is no incident "${id}".`);
  return useCaseRefusal(errors, 'incident', FIELD_NAMES);
}

/** The components named (component_ids and the keys of components), or the 404 for an unknown one. */
async function componentIdsOf(request: V1Request, input: IncidentInput): Promise<{ ok: true; ids: string[] | undefined } | { ok: false; answer: V1Answer }> {
  if (input.component_ids === undefined && input.components === undefined) return { ok: true, ids: undefined };
  const ids = [...new Set([...(input.component_ids ?? []), ...Object.keys(input.components ?? {})])];
  const known = new Set((await listComponents(request.services.db)).map((c) => c.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) return { ok: false, answer: apiError(404, `incident.components: there is no component "${unknown}".`) };
  return { ok: true, ids };
}

const remindHours = (remind: boolean | undefined): number | undefined => (remind === undefined ? undefined : remind ? 24 : 0);

/** POST …/incidents with scheduled_for: schedules a maintenance (scheduleMaintenance), answered 201 as a scheduled incident. */
export async function createMaintenanceAnswer(request: V1Request, input: IncidentInput): Promise<V1Answer> {
  if (input.status !== undefined && input.status !== 'scheduled') {
    return apiError(422, 'incident.status: a scheduled maintenance is created "scheduled"; move it along afterwards with PATCH (in_progress, verifying, completed)');
  }
  if (!given(input.scheduled_for)) return apiError(422, 'incident.scheduled_for: is required for a scheduled maintenance');
  if (!given(input.scheduled_until)) return apiError(422, 'incident.scheduled_until: is required for a scheduled maintenance');
  const components = await componentIdsOf(request, input);
  if (!components.ok) return components.answer;
  const notify = input.deliver_notifications ?? true;
  const scheduled = await scheduleMaintenance(request.services, request.actor, {
    title: input.name ?? '',
    scheduledFor: input.scheduled_for,
    scheduledUntil: input.scheduled_until,
    componentIds: components.ids ?? [],
    body: input.body?.trim() || DEFAULT_ANNOUNCEMENT,
    autoStart: input.scheduled_auto_in_progress ?? true,
    autoComplete: input.scheduled_auto_completed ?? true,
    reminderHours: remindHours(input.scheduled_remind_prior),
    notifyStart: notify,
    notifyComplete: notify,
  });
  if (!scheduled.ok) return refusal('', scheduled.errors);
  const answer = await getIncidentAnswer({ ...request, params: { ...request.params, incident_id: scheduled.value.maintenanceId } });
  return { ...answer, status: answer.status === 200 ? 201 : answer.status };
}

/** PATCH/PUT on a maintenance's id: edit the window, then move its status, each through its use case. */
export async function updateMaintenanceAnswer(request: V1Request, maintenance: Maintenance, input: IncidentInput): Promise<V1Answer> {
  const id = maintenance.id;
  const status = input.status;
  if (status !== undefined && !(MAINTENANCE_API_STATUSES as readonly string[]).includes(status)) {
    return apiError(422, `incident.status: a scheduled maintenance's status is one of ${MAINTENANCE_API_STATUSES.join(', ')}`);
  }
  const components = await componentIdsOf(request, input);
  if (!components.ok) return components.answer;
  const body = input.body?.trim() || undefined;
  const notify = input.deliver_notifications;
  const staying = status === undefined || status === 'scheduled';

  // Clients (Terraform among them) send whole objects: only what differs is a change.
  const movedTime = (sent: string | null | undefined, current: Date): boolean => given(sent) && Date.parse(sent ?? '') !== current.getTime();
  const sameIds = (ids: readonly string[]): boolean => [...ids].sort().join() === [...maintenance.componentIds].sort().join();
  const windowChange =
    (input.name !== undefined && input.name.trim() !== maintenance.title) ||
    movedTime(input.scheduled_for, maintenance.scheduledFor) ||
    movedTime(input.scheduled_until, maintenance.scheduledUntil) ||
    (components.ids !== undefined && !sameIds(components.ids)) ||
    (input.scheduled_auto_in_progress !== undefined && input.scheduled_auto_in_progress !== maintenance.autoStart) ||
    (input.scheduled_auto_completed !== undefined && input.scheduled_auto_completed !== maintenance.autoComplete) ||
    (input.scheduled_remind_prior !== undefined && remindHours(input.scheduled_remind_prior) !== maintenance.reminderHours) ||
    (staying && body !== undefined);
  if (windowChange) {
    const edited = await editMaintenance(request.services, request.actor, {
      maintenanceId: id,
      title: input.name ?? maintenance.title,
      scheduledFor: given(input.scheduled_for) ? input.scheduled_for : maintenance.scheduledFor,
      scheduledUntil: given(input.scheduled_until) ? input.scheduled_until : maintenance.scheduledUntil,
      componentIds: components.ids ?? maintenance.componentIds,
      autoStart: input.scheduled_auto_in_progress ?? maintenance.autoStart,
      autoComplete: input.scheduled_auto_completed ?? maintenance.autoComplete,
      reminderHours: remindHours(input.scheduled_remind_prior) ?? maintenance.reminderHours,
      notifyStart: maintenance.notifyStart,
      notifyComplete: maintenance.notifyComplete,
      ...(staying && body !== undefined ? { announcement: body, notifyCorrection: notify === true } : {}),
    });
    if (!edited.ok) return refusal(id, edited.errors);
  }

  if (status === 'in_progress' && maintenance.status === 'scheduled') {
    const started = await startMaintenance(request.services, request.actor, { maintenanceId: id, body });
    if (!started.ok) return refusal(id, started.errors);
  } else if ((status === 'in_progress' || status === 'verifying') || (status === undefined && body !== undefined && (maintenance.status === 'in_progress' || maintenance.status === 'verifying'))) {
    if (maintenance.status === 'scheduled') return apiError(422, `incident.status: ${ERRORS.MaintenanceNotStarted.message} (PATCH status in_progress)`);
    const next = status ?? maintenance.status;
    if (next !== maintenance.status || body !== undefined) {
      const posted = await postMaintenanceUpdate(request.services, request.actor, {
        maintenanceId: id,
        status: next,
        body: body ?? (next === 'verifying' ? DEFAULT_VERIFYING_BODY : DEFAULT_PROGRESS_BODY),
        notify: notify ?? true,
      });
      if (!posted.ok) return refusal(id, posted.errors);
    }
  } else if (status === 'completed' && maintenance.status !== 'completed') {
    const done =
      maintenance.status === 'scheduled'
        ? await cancelMaintenance(request.services, request.actor, { maintenanceId: id, body })
        : await completeMaintenance(request.services, request.actor, { maintenanceId: id, body });
    if (!done.ok) return refusal(id, done.errors);
  }
  return getIncidentAnswer(request);
}
