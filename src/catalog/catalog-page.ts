import type { Actor } from '../auth/permissions.ts';
import type { Result } from '../domain/result.ts';
import type { Component } from '../domain/types.ts';
import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { describeComponentStatus } from '../status/overall-status.ts';
import { changeComponentStatus } from './change-component-status.ts';
import { moveComponentGroup } from './move-component-group.ts';
import { moveComponent } from './move-component.ts';
import { ERRORS } from '../errors/catalogue.ts';

/**
 * The component list's POST (pages/admin/components/index.astro). Three small forms
 * post there: a status change, and moving a component or a group. Each calls its one
 * use case; on success the redirect points back at the row, on failure the message
 * is shown on that row (`failed.id`).
 */
export async function handleCatalogPost(
  services: Services,
  actor: Actor,
  form: FormValues,
): Promise<{ redirect: string } | { status: 400; failed: { id: string; message: string } }> {
  const id = typeof form['id'] === 'string' ? form['id'] : '';
  let result: Result<unknown>;
  let anchor: string;
  let done = '';
  if (form['intent'] === 'status') {
    result = await changeComponentStatus(services, actor, form);
    anchor = `c-${id}`;
    done = `?done=status&id=${encodeURIComponent(id)}`;
  } else if (form['intent'] === 'move-group') {
    result = await moveComponentGroup(services, actor, form);
    anchor = `g-${id}`;
  } else {
    result = await moveComponent(services, actor, form);
    anchor = `c-${id}`;
  }
  if (result.ok) return { redirect: `/admin/components${done}#${encodeURIComponent(anchor)}` };
  return { status: 400, failed: { id, message: Object.values(result.errors)[0] ?? ERRORS.ActionFailed.message } };
}

const NOTICES: Record<string, string> = {
  created: 'Component added. It is operational; set its status below if it is not.',
  saved: 'Changes saved.',
  deleted: 'Component deleted.',
  'group-created': 'Group added. Put components in it from their edit page.',
  'group-deleted': 'Group deleted. Its components are kept, now without a group.',
};

/**
 * The notice after a redirect (`?done=`). After a status change (`?done=status&id=`) it
 * says whether the status shows now or is held by open incidents or a maintenance.
 */
export function catalogNotice(done: string | null, target: Component | undefined): string | null {
  if (done === 'status' && target) {
    return target.status === (target.manualStatus ?? 'operational')
      ? `${target.name} is now “${describeComponentStatus(target.status)}”. The public page shows it within seconds.`
      : `${target.name} stays “${describeComponentStatus(target.status)}” while its open incidents or a maintenance in progress claim it; the status set by hand, “${describeComponentStatus(target.manualStatus ?? 'operational')}”, applies when they end.`;
  }
  return NOTICES[done ?? ''] ?? null;
}
