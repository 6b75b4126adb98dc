import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/types.ts';

/**
 * The resolve form's per-component selects are named `status.<componentId>`.
 * Reads them into the resolve use case's `components` input; an unknown status
 * is passed on as typed so the schema refuses it with its message.
 */
export function resolveComponentsFromForm(form: Record<string, string | string[] | undefined>): { componentId: string; status: string }[] {
  return Object.entries(form).flatMap(([key, raw]) => {
    if (!key.startsWith('status.')) return [];
    const status = Array.isArray(raw) ? raw[0] : raw;
    return status === undefined || status === '' ? [] : [{ componentId: key.slice('status.'.length), status }];
  });
}

/** What the select shows: the chosen status when it is one, else the default. */
export function chosenStatus(form: Record<string, string | string[] | undefined> | null, componentId: string, fallback: ComponentStatus): ComponentStatus {
  const raw = form?.[`status.${componentId}`];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (COMPONENT_STATUSES as readonly string[]).includes(value ?? '') ? (value as ComponentStatus) : fallback;
}
