import { findIncidentMilestones, isIncidentCommander } from '../../db/queries/incident-milestones.ts';
import { type Actor, actorCan, requirePermission } from '../auth/permissions.ts';
import { MILESTONES, type Milestone } from '../domain/learning.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { displayTimeZone, type TimeZone } from '../time/time-zone.ts';
import { formatZoneAndUtc, isoToLocalInput, localDateTimeToIso } from '../time/wall-clock.ts';
import { editMilestones } from './edit-milestones.ts';
import { markMitigated } from './mark-mitigated.ts';
import { MILESTONE_HINTS, MILESTONE_LABELS, minutesBetween } from './milestones.ts';
import { formatMinutes } from './hub-text.ts';

/** What the Milestones section shows (components/admin/Milestones.astro). */
export interface MilestonesSectionView {
  incidentId: string;
  zone: TimeZone;
  rows: { milestone: Milestone; label: string; hint: string; text: string | null; input: string }[];
  /** This incident's own figures, in words ("12 min"), null when a milestone is missing. */
  durations: { label: string; text: string | null }[];
  canEdit: boolean;
  canMarkMitigated: boolean;
  canPublish: boolean;
  isResolved: boolean;
  /** Which form was sent and failed, its errors and what was typed. */
  posted: MilestonesPosted | null;
}

export interface MilestonesPosted {
  form: 'edit' | 'mitigate';
  errors: Record<string, string>;
  values: FormValues;
}

/** The section's data; null when the incident does not exist. */
export async function loadMilestonesSection(
  services: Services,
  actor: Actor,
  incidentId: string,
  request: { zoneCookie: string | undefined; posted?: MilestonesPosted | null },
): Promise<MilestonesSectionView | null> {
  requirePermission(actor, 'internal.view');
  const found = await findIncidentMilestones(services.db, incidentId);
  if (!found) return null;
  const posted = request.posted ?? null;
  const zone = displayTimeZone(posted?.form === 'edit' ? textField(posted.values, 'tz') || request.zoneCookie : request.zoneCookie);
  const canEdit = actorCan(actor, 'incident.manage') || (actorCan(actor, 'note.add') && (await isIncidentCommander(services.db, incidentId, actor.id)));
  const v = found.values;
  const minutes = (from: Date | null, to: Date | null): string | null => {
    const m = minutesBetween(from, to);
    return m === null ? null : formatMinutes(Math.round(m));
  };
  return {
    incidentId,
    zone,
    rows: MILESTONES.map((milestone) => ({
      milestone,
      label: MILESTONE_LABELS[milestone],
      hint: MILESTONE_HINTS[milestone],
      text: v[milestone] ? formatZoneAndUtc(v[milestone], zone) : null,
      input: posted?.form === 'edit' ? textField(posted.values, milestone) : v[milestone] ? isoToLocalInput(v[milestone], zone) : '',
    })),
    durations: [
      { label: 'Time to acknowledge (detected → acknowledged)', text: minutes(v.detected_at, v.acknowledged_at) },
      { label: 'Time to mitigate (impact started → mitigated)', text: minutes(v.impact_started_at, v.mitigated_at) },
      { label: 'Time to resolve (impact started → resolved)', text: minutes(v.impact_started_at, v.resolved_at) },
    ],
    canEdit,
    canMarkMitigated: canEdit && v.mitigated_at === null && v.resolved_at === null && found.state !== 'dismissed',
    canPublish: actorCan(actor, 'update.publish'),
    isResolved: v.resolved_at !== null,
    posted,
  };
}

export type MilestonesOutcome = { redirect: string } | { status: 400; posted: MilestonesPosted };

/**
 * The section's POST (pages/admin/incidents/[id]/milestones.astro): "Mark
 * mitigated" or "Edit milestones", told apart by the hidden `form` field. Times
 * typed in datetime-local fields are read in the zone the form sent (`tz`).
 */
export async function handleMilestonesPost(services: Services, actor: Actor, incidentId: string, form: FormValues): Promise<MilestonesOutcome> {
  const back = `/admin/incidents/${encodeURIComponent(incidentId)}`;
  if (textField(form, 'form') === 'mitigate') {
    const result = await markMitigated(services, actor, {
      incidentId,
      body: textField(form, 'body'),
      audience: textField(form, 'audience') || 'external',
      notify: textField(form, 'notify'),
    });
    if (result.ok) return { redirect: `${back}?milestones=mitigated#milestones` };
    return { status: 400, posted: { form: 'mitigate', errors: result.errors, values: form } };
  }
  const zone = displayTimeZone(textField(form, 'tz'));
  const milestones = Object.fromEntries(MILESTONES.filter((m) => m in form).map((m) => [m, localDateTimeToIso(textField(form, m), zone)]));
  const result = await editMilestones(services, actor, { incidentId, milestones, reason: textField(form, 'reason') });
  if (result.ok) return { redirect: `${back}?milestones=${result.value.changed.length > 0 ? 'saved' : 'unchanged'}#milestones` };
  return { status: 400, posted: { form: 'edit', errors: result.errors, values: form } };
}
