import type { FormValues } from '../http/form-fields.ts';
import { listField, textField } from '../http/form-fields.ts';
import { safeNextPath } from '../http/safe-redirect.ts';
import type { ActionItem } from '../domain/action-item.ts';

/** What the action item forms show: what was typed (kept on errors) or the item's values. */
export interface ActionItemFormValues {
  title: string;
  ownerId: string;
  dueOn: string;
  priority: string;
  ticketUrl: string;
  componentIds: string[];
  status: string;
  wontDoReason: string;
}

export function formValuesFrom(form: FormValues): ActionItemFormValues {
  return {
    title: textField(form, 'title'),
    ownerId: textField(form, 'ownerId'),
    dueOn: textField(form, 'dueOn'),
    priority: textField(form, 'priority'),
    ticketUrl: textField(form, 'ticketUrl'),
    componentIds: listField(form, 'componentIds'),
    status: textField(form, 'status'),
    wontDoReason: textField(form, 'wontDoReason'),
  };
}

export function formValuesOf(item: ActionItem): ActionItemFormValues {
  return {
    title: item.title,
    ownerId: item.ownerId ?? '',
    dueOn: item.dueOn ?? '',
    priority: item.priority,
    ticketUrl: item.ticketUrl ?? '',
    componentIds: item.components.map((c) => c.id),
    status: item.status,
    wontDoReason: item.wontDoReason ?? '',
  };
}

export const EMPTY_ACTION_ITEM_FORM: ActionItemFormValues = { title: '', ownerId: '', dueOn: '', priority: 'P2', ticketUrl: '', componentIds: [], status: 'open', wontDoReason: '' };

/**
 * Where to go after saving: the `back` the form carried (the postmortem editor, the
 * incident page, the list), only ever inside the hub; else the incident's page.
 */
export function returnPath(back: string | null, incidentId: string): string {
  const fallback = `/admin/incidents/${encodeURIComponent(incidentId)}#action-items`;
  if (back === null || back === '') return fallback;
  const safe = safeNextPath(back);
  return safe === '/admin' && back !== '/admin' ? fallback : safe;
}

/** The `back` to carry: an explicit one, else the page the person came from when it is in the hub. */
export function backFrom(explicit: string | null, referer: string | null, origin: string): string {
  if (explicit !== null && explicit !== '') return explicit;
  if (referer === null) return '';
  try {
    const url = new URL(referer);
    if (url.origin !== origin || url.pathname.startsWith('/admin/action-items/new')) return '';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '';
  }
}
