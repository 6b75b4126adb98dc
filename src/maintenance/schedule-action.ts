import type { Actor } from '../auth/permissions.ts';
import { type FormValues, listField, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { parseTimeZone, type TimeZone } from '../time/time-zone.ts';
import { isoToLocalInput, localDateTimeToIso } from '../time/wall-clock.ts';
import { scheduleMaintenance } from './schedule-maintenance.ts';
import { editMaintenance } from './edit-maintenance.ts';
import type { Maintenance } from '../domain/types.ts';

/** The "Schedule maintenance" form (pages/admin/maintenance/new.astro): its fields, and its POST. */

export interface MaintenanceFormValues {
  title: string;
  /** `datetime-local` texts, read in the form's zone. */
  scheduledFor: string;
  scheduledUntil: string;
  componentIds: string[];
  body: string;
  autoStart: boolean;
  autoComplete: boolean;
  /** Hours before the start, as typed ("24"; "0" for none). */
  reminderHours: string;
  notifyStart: boolean;
  notifyComplete: boolean;
  /** Edit form only: the announcement's text, and whether to email its correction. */
  announcement: string;
  notifyCorrection: boolean;
}

/** A sensible default window: tomorrow 02:00–03:00 in the person's zone. */
export function freshMaintenanceValues(now: Date, zone: TimeZone): MaintenanceFormValues {
  const tomorrow = isoToLocalInput(new Date(now.getTime() + 86_400_000), zone).slice(0, 10);
  return {
    title: '',
    scheduledFor: `${tomorrow}T02:00`,
    scheduledUntil: `${tomorrow}T03:00`,
    componentIds: [],
    body: 'We will be performing scheduled maintenance during this window. Some features may be briefly unavailable.',
    autoStart: true,
    autoComplete: true,
    reminderHours: '24',
    notifyStart: true,
    notifyComplete: true,
    announcement: '',
    notifyCorrection: false,
  };
}

export interface MaintenanceRerender {
  status: 400;
  errors: Record<string, string>;
  values: MaintenanceFormValues;
  /** The zone named next to the fields and sent back with them: as the form sent it, even unknown. */
  zone: string;
}

/** The schedule and edit forms' fields, as typed (times still in the sender's zone). */
function readMaintenanceForm(form: FormValues): MaintenanceFormValues {
  return {
    title: textField(form, 'title'),
    scheduledFor: textField(form, 'scheduledFor'),
    scheduledUntil: textField(form, 'scheduledUntil'),
    componentIds: listField(form, 'componentIds'),
    body: textField(form, 'body'),
    // An unticked checkbox sends nothing: absent means off.
    autoStart: textField(form, 'autoStart') === 'on',
    autoComplete: textField(form, 'autoComplete') === 'on',
    reminderHours: textField(form, 'reminderHours'),
    notifyStart: textField(form, 'notifyStart') === 'on',
    notifyComplete: textField(form, 'notifyComplete') === 'on',
    announcement: textField(form, 'announcement'),
    notifyCorrection: textField(form, 'notifyCorrection') === 'on',
  };
}

export async function handleScheduleMaintenancePost(services: Services, actor: Actor, form: FormValues): Promise<{ redirect: string } | MaintenanceRerender> {
  const sentZone = parseTimeZone(textField(form, 'tz'), 'scheduledFor');
  const values = readMaintenanceForm(form);
  const result = sentZone.ok
    ? await scheduleMaintenance(services, actor, {
        ...values,
        scheduledFor: localDateTimeToIso(values.scheduledFor, sentZone.value),
        scheduledUntil: localDateTimeToIso(values.scheduledUntil, sentZone.value),
      })
    : sentZone;
  if (result.ok) return { redirect: `/admin/maintenance/${result.value.maintenanceId}?done=scheduled` };
  return { status: 400, errors: result.errors, values, zone: textField(form, 'tz').trim() || 'UTC' };
}

/** The edit form's fields, prefilled from the maintenance and its announcement's text, in the person's zone. */
export function maintenanceEditValues(maintenance: Maintenance, zone: TimeZone, announcement: string): MaintenanceFormValues {
  return {
    title: maintenance.title,
    scheduledFor: isoToLocalInput(maintenance.scheduledFor, zone),
    scheduledUntil: isoToLocalInput(maintenance.scheduledUntil, zone),
    componentIds: maintenance.componentIds,
    // On the edit form the text is the message sent if the window moves.
    body: '',
    autoStart: maintenance.autoStart,
    autoComplete: maintenance.autoComplete,
    reminderHours: String(maintenance.reminderHours),
    notifyStart: maintenance.notifyStart,
    notifyComplete: maintenance.notifyComplete,
    announcement,
    notifyCorrection: false,
  };
}

/** Where the edit form leads: the maintenance's page, saying what happened. */
function editedNotice(outcome: { rescheduled: boolean; corrected: boolean; correctionNotified: boolean }): string {
  if (outcome.rescheduled) return 'rescheduled';
  if (outcome.correctionNotified) return 'corrected-notified';
  return outcome.corrected ? 'corrected' : 'edited';
}

/** The "Edit maintenance" form's POST (pages/admin/maintenance/[id]/edit.astro). */
export async function handleEditMaintenancePost(
  services: Services,
  actor: Actor,
  id: string,
  form: FormValues,
): Promise<{ redirect: string } | MaintenanceRerender> {
  const sentZone = parseTimeZone(textField(form, 'tz'), 'scheduledFor');
  const values = readMaintenanceForm(form);
  const result = sentZone.ok
    ? await editMaintenance(services, actor, {
        maintenanceId: id,
        title: values.title,
        componentIds: values.componentIds,
        autoStart: values.autoStart,
        autoComplete: values.autoComplete,
        reminderHours: values.reminderHours,
        notifyStart: values.notifyStart,
        notifyComplete: values.notifyComplete,
        message: values.body,
        announcement: values.announcement,
        notifyCorrection: values.notifyCorrection,
        scheduledFor: localDateTimeToIso(values.scheduledFor, sentZone.value),
        scheduledUntil: localDateTimeToIso(values.scheduledUntil, sentZone.value),
      })
    : sentZone;
  if (result.ok) return { redirect: `/admin/maintenance/${id}?done=${editedNotice(result.value)}` };
  // The edit form names the message field "body"; the use case calls it "message".
  const { message, ...errors } = result.errors;
  return { status: 400, errors: message === undefined ? errors : { ...errors, body: message }, values, zone: textField(form, 'tz').trim() || 'UTC' };
}
