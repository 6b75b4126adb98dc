import { listRootCauseTags } from '../../db/queries/postmortems.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { PostmortemSettings } from '../domain/postmortem.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { Services } from '../services.ts';
import { addRootCauseTag, removeRootCauseTag } from './change-root-cause-tags.ts';
import { savePostmortemSettings } from './save-postmortem-settings.ts';
import { loadPostmortemSettings } from './settings.ts';

export interface PostmortemSettingsPosted {
  form: 'settings' | 'tag';
  errors: FieldErrors;
  values: Record<string, string | string[]>;
}

export async function loadPostmortemSettingsPage(services: Services, actor: Actor): Promise<{ settings: PostmortemSettings; tags: string[] }> {
  requirePermission(actor, 'settings.manage');
  const [settings, tags] = await Promise.all([loadPostmortemSettings(services.db), listRootCauseTags(services.db)]);
  return { settings, tags };
}

const NOTICES: Readonly<Record<string, string>> = {
  saved: 'Postmortem settings saved. New postmortems use them; existing ones keep their due date.',
  added: 'Tag added.',
  removed: 'Tag removed from the list. Postmortems that carry it keep it.',
};

export function settingsNotice(done: string | null): string | null {
  return done === null ? null : (NOTICES[done] ?? null);
}

export async function handlePostmortemSettingsPost(
  services: Services,
  actor: Actor,
  form: Record<string, string | string[]>,
): Promise<{ redirect: string } | { status: number; posted: PostmortemSettingsPosted }> {
  const action = Array.isArray(form['action']) ? form['action'][0] : form['action'];
  if (action === 'add-tag' || action === 'remove-tag') {
    const result = action === 'add-tag' ? await addRootCauseTag(services, actor, form) : await removeRootCauseTag(services, actor, form);
    return result.ok ? { redirect: `/admin/postmortems/settings?done=${action === 'add-tag' ? 'added' : 'removed'}` } : { status: 422, posted: { form: 'tag', errors: result.errors, values: form } };
  }
  const result = await savePostmortemSettings(services, actor, form);
  return result.ok ? { redirect: '/admin/postmortems/settings?done=saved' } : { status: 422, posted: { form: 'settings', errors: result.errors, values: form } };
}
