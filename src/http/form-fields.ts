/**
 * Reading what an HTML form sends (formToObject output). Pure: no I/O, no clock.
 * Use cases still validate everything; these helpers only reshape fields.
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

/**
 * One `component.<id>` select per component (components/admin/ComponentSelects.astro):
 * "" means not affected / no change, and is left out.
 */
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
