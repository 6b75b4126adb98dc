import { fail, ok, type Result } from '../domain/result.ts';
import { componentChangesFromForm, componentSelections, type FormValues, textField } from '../http/form-fields.ts';
import { parseTimeZone } from '../time/time-zone.ts';
import { localDateTimeToIso } from '../time/wall-clock.ts';

/**
 * The composer's form (components/admin/Composer.astro) as saveUpdate's input, and
 * back. Pure: no I/O, no clock. A `datetime-local` value plus the browser's time
 * zone becomes an ISO instant (an unknown zone is refused next to the time field).
 */

/**
 * The composer's buttons. Each publish and schedule button names its audience
 * ("Post internal update", "Publish to status page · notify 1,234 subscribers") and
 * sends it ("publish-internal", "publish-external"…), whatever the radio says: the
 * button pressed is what happens, even when the radio was changed without
 * JavaScript and the page not re-rendered yet. "publish" and "schedule" alone
 * follow the radio (API-like posts and older pages). "audience" re-renders the form
 * with the actions of the audience chosen (the no-JavaScript way to switch).
 */
export type ComposerIntent =
  | 'draft'
  | 'schedule'
  | 'publish'
  | 'schedule-internal'
  | 'publish-internal'
  | 'schedule-external'
  | 'publish-external'
  | 'preview'
  | 'template'
  | 'audience';

const INTENTS: readonly ComposerIntent[] = ['draft', 'schedule', 'publish', 'schedule-internal', 'publish-internal', 'schedule-external', 'publish-external', 'preview', 'template', 'audience'];

export function composerIntent(form: FormValues): ComposerIntent {
  const submit = textField(form, 'submit');
  return INTENTS.find((intent) => intent === submit) ?? 'preview';
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
  const action = intent.startsWith('schedule') ? 'schedule' : intent.startsWith('publish') ? 'publish' : 'draft';
  const audience = intent.endsWith('-internal') ? 'internal' : intent.endsWith('-external') ? 'external' : textField(form, 'audience');
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

/** The composer's fields by name, for the error summary's links. */
export function composerFieldIds(components: readonly { id: string }[]): Record<string, string> {
  return {
    audience: 'c-audience',
    status: 'c-status',
    body: 'c-body',
    scheduledFor: 'c-when',
    notify: 'c-notify',
    templateId: 'c-template',
    ...Object.fromEntries(components.map((c) => [`component.${c.id}`, `c-cmp-${c.id}`])),
  };
}
