import type { Impact } from '../domain/types.ts';
import { componentChangesFromForm, componentErrorKeys, componentSelections, type FormValues, listField, textField } from '../http/form-fields.ts';

/**
 * The declare form (pages/admin/incidents/new.astro) as declareIncident's input,
 * and back. Pure: no I/O, no clock.
 */

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

export interface DeclareFormInput {
  title: string;
  severity: string;
  impact: string;
  components: { componentId: string; status: string }[];
  commanderId: string;
  commsLeadId: string;
  expertIds: string[];
  update: { audience: string; status: string; body: string; action: 'publish' | 'draft'; notify: string };
}

/**
 * The declare form as declareIncident's input. "internal" (Declare internally)
 * publishes the first update to the internal audience whatever the radio says;
 * "publish" and "draft" use the audience chosen.
 */
export function declareInputFromForm(form: FormValues): DeclareFormInput {
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

/** What the declare form shows in its fields (fresh, or as sent). */
export interface DeclareValues {
  title: string;
  severity: string;
  impact: string;
  components: Record<string, string>;
  commanderId: string;
  commsLeadId: string;
  expertIds: string[];
  audience: string;
  status: string;
  body: string;
  notify: boolean;
  templateId: string;
}

/** A fresh form: the person declaring leads communications until they choose someone else. */
export function freshDeclareValues(actorId: string): DeclareValues {
  return { title: '', severity: '', impact: '', components: {}, commanderId: '', commsLeadId: actorId, expertIds: [], audience: 'external', status: 'investigating', body: '', notify: true, templateId: '' };
}

export function declareValuesFromForm(form: FormValues): DeclareValues {
  return {
    title: textField(form, 'title'),
    severity: textField(form, 'severity'),
    impact: textField(form, 'impact'),
    components: componentSelections(form),
    commanderId: textField(form, 'commanderId'),
    commsLeadId: textField(form, 'commsLeadId'),
    expertIds: listField(form, 'expertIds'),
    audience: textField(form, 'audience') || 'external',
    status: textField(form, 'status') || 'investigating',
    body: textField(form, 'body'),
    notify: textField(form, 'notify') !== '',
    templateId: textField(form, 'templateId'),
  };
}
