import { fail, ok, type Result } from '../domain/result.ts';
import type { Impact } from '../domain/types.ts';
import { fillTemplate } from '../catalog/fill-template.ts';
import { parseTimeZone } from '../time/time-zone.ts';
import { localDateTimeToIso } from '../time/wall-clock.ts';

/**
 * Turns what the hub's HTML forms send (formToObject output) into the input the
 * incident use cases take, and back. Pure: no I/O, no clock. The use cases still
 * validate everything; these helpers only reshape fields:
 * - one `component.<id>` select per component → `components: [{ componentId, status }]`
 *   ("" means not affected / no change, and is left out);
 * - a `datetime-local` value plus the browser's time zone → an ISO instant
 *   (src/time/wall-clock.ts; an unknown zone is refused next to the time field);
 * - the submit button pressed (`submit`) → the use case's `action`, or a page-only
 *   intent (preview, apply a template) that saves nothing.
 */

export type FormValues = Record<string, string | string[]>;

/** The first value of a field as text ("" when absent). */
export function textField(form: FormValues, key: string): string {
  const value = form[key];
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/** Every value of a field (checkboxes, multi-selects), empty ones dropped. */
export function listField(form: FormValues, key: string): string[] {
  const value = form[key];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== '');
}

export const COMPONENT_FIELD_PREFIX = 'component.';

/** The `component.<id>` selects that were set, in the order the form sent them. */
export function componentChangesFromForm(form: FormValues): { componentId: string; status: string }[] {
  const changes: { componentId: string; status: string }[] = [];
  for (const key of Object.keys(form)) {
    if (!key.startsWith(COMPONENT_FIELD_PREFIX)) continue;
    const componentId = key.slice(COMPONENT_FIELD_PREFIX.length);
    const status = textField(form, key);
    if (componentId !== '' && status !== '') changes.push({ componentId, status });
  }
  return changes;
}

/** The selects' values by component id (to re-render the form as it was sent). */
export function componentSelections(form: FormValues): Record<string, string> {
  return Object.fromEntries(componentChangesFromForm(form).map((c) => [c.componentId, c.status]));
}

/**
 * Error keys use the input's paths ("components.1.status"); the form shows them
 * next to the select of that component ("component.<id>").
 */
export function componentErrorKeys(changes: { componentId: string }[], errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const match = /^(?:update\.)?components\.(\d+)(?:\.|$)/.exec(key);
    const change = match ? changes[Number(match[1])] : undefined;
    out[change ? `${COMPONENT_FIELD_PREFIX}${change.componentId}` : key] ??= message;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Declaring

/** With no impact picked, the severity decides it. */
export function impactForSeverity(severity: string): Impact | '' {
  return ({ SEV1: 'critical', SEV2: 'major', SEV3: 'minor' } as Record<string, Impact>)[severity] ?? '';
}

/** What the declare form's buttons mean: the first three save, the others only re-render. */
export type DeclareIntent = 'publish' | 'draft' | 'internal' | 'preview' | 'template';

export function declareIntent(form: FormValues): DeclareIntent {
  const submit = textField(form, 'submit');
  return (['publish', 'draft', 'internal', 'preview', 'template'] as const).find((intent) => intent === submit) ?? 'preview';
}

/**
 * The declare form as declareIncident's input. "internal" (Declare internally)
 * publishes the first update to the internal audience whatever the radio says;
 * "publish" and "draft" use the audience chosen.
 */
export function declareInputFromForm(form: FormValues): {
  title: string;
  severity: string;
  impact: string;
  components: { componentId: string; status: string }[];
  commanderId: string;
  commsLeadId: string;
  expertIds: string[];
  update: { audience: string; status: string; body: string; action: 'publish' | 'draft'; notify: string };
} {
  const intent = declareIntent(form);
  const severity = textField(form, 'severity');
  const impact = textField(form, 'impact');
  return {
    title: textField(form, 'title'),
    severity,
    impact: impact === '' ? impactForSeverity(severity) : impact,
    components: componentChangesFromForm(form),
    commanderId: textField(form, 'commanderId'),
    commsLeadId: textField(form, 'commsLeadId'),
    expertIds: listField(form, 'expertIds'),
    update: {
      audience: intent === 'internal' ? 'internal' : textField(form, 'audience'),
      status: textField(form, 'status'),
      body: textField(form, 'body'),
      action: intent === 'draft' ? 'draft' : 'publish',
      notify: textField(form, 'notify'),
    },
  };
}

/** Errors of declareIncident keyed like the form's fields ("update.body" → "body"). */
export function declareErrorsForForm(input: { components: { componentId: string }[] }, errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(componentErrorKeys(input.components, errors))) {
    const field = key === 'update' ? 'body' : key.startsWith('update.') ? key.slice('update.'.length) : key;
    out[field] ??= message;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The composer

/**
 * The composer's buttons. Responders may not publish or schedule external updates,
 * so their buttons say "internal" and send the update to the internal audience
 * whatever the radio says ("publish-internal", "schedule-internal").
 */
export type ComposerIntent = 'draft' | 'schedule' | 'publish' | 'schedule-internal' | 'publish-internal' | 'preview' | 'template';

export function composerIntent(form: FormValues): ComposerIntent {
  const submit = textField(form, 'submit');
  return (['draft', 'schedule', 'publish', 'schedule-internal', 'publish-internal', 'preview', 'template'] as const).find((intent) => intent === submit) ?? 'preview';
}

export interface SaveUpdateFormInput {
  updateId?: string;
  incidentId: string;
  audience: string;
  status: string;
  body: string;
  components: { componentId: string; status: string }[];
  notify: string;
  action: 'draft' | 'schedule' | 'publish';
  scheduledFor: string;
}

/**
 * The composer as saveUpdate's input. The schedule time is sent only with
 * "Schedule", so a time left in the field does not stop "Save draft" (and an
 * unknown zone matters only then: it fails next to the time field). Internal
 * updates never change components, so their selects are ignored.
 */
export function saveUpdateInputFromForm(form: FormValues, ids: { incidentId: string; updateId?: string | undefined }): Result<SaveUpdateFormInput> {
  const intent = composerIntent(form);
  const action = intent === 'schedule' || intent === 'schedule-internal' ? 'schedule' : intent === 'publish' || intent === 'publish-internal' ? 'publish' : 'draft';
  const audience = intent === 'schedule-internal' || intent === 'publish-internal' ? 'internal' : textField(form, 'audience');
  let scheduledFor = '';
  if (action === 'schedule') {
    const zone = parseTimeZone(textField(form, 'tz'), 'scheduledFor');
    if (!zone.ok) return fail(zone.errors);
    scheduledFor = localDateTimeToIso(textField(form, 'scheduledFor'), zone.value);
  }
  return ok({
    ...(ids.updateId ? { updateId: ids.updateId } : {}),
    incidentId: ids.incidentId,
    audience,
    status: textField(form, 'status'),
    body: textField(form, 'body'),
    components: audience === 'internal' ? [] : componentChangesFromForm(form),
    notify: textField(form, 'notify'),
    action,
    scheduledFor,
  });
}

/** What the composer shows in its fields (fresh, or as sent). */
export interface ComposerValues {
  audience: string;
  status: string;
  body: string;
  notify: boolean;
  /** Status chosen per component id. */
  components: Record<string, string>;
  /** The `datetime-local` text, read in `tz`. */
  scheduledFor: string;
  /** The zone as the form sent it, even unknown (the page names it next to the error); UTC when empty. */
  tz: string;
  templateId: string;
}

export function composerValuesFromForm(form: FormValues): ComposerValues {
  return {
    audience: textField(form, 'audience'),
    status: textField(form, 'status'),
    body: textField(form, 'body'),
    notify: textField(form, 'notify') !== '',
    components: componentSelections(form),
    scheduledFor: textField(form, 'scheduledFor'),
    tz: textField(form, 'tz').trim() || 'UTC',
    templateId: textField(form, 'templateId'),
  };
}

/**
 * What "Use template" puts in the composer: the template's body with its
 * placeholders filled, and its status — except "resolved" (or anything not an
 * incident status), which keeps the status chosen: resolving goes through the
 * Resolve form, which also restores the components.
 */
export function applyTemplate(
  template: { body: string; status: string },
  context: { currentStatus: string; incidentTitle: string; componentNames: string[]; pageName: string },
): { status: string; body: string } {
  const status = (['investigating', 'identified', 'monitoring'] as string[]).includes(template.status) ? template.status : context.currentStatus;
  return {
    status,
    body: fillTemplate(template.body, { incidentTitle: context.incidentTitle, components: context.componentNames, status, pageName: context.pageName }),
  };
}
