import { findPageSettings, savePageBrand } from '../../db/queries/page.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import type { PageSettings } from '../domain/types.ts';
import { parseInput } from '../domain/validation.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { DEFAULT_PAGE_NAME } from './site-title.ts';
import { type PageSettingsInput, pageSettingsSchema } from './page-settings-schema.ts';

type Fields = keyof PageSettingsInput;
const FIELDS: Fields[] = ['name', 'description', 'timeZone', 'language', 'companyUrl', 'supportUrl', 'accent', 'footerLinks'];

function currentValues(settings: PageSettings | null): Record<Fields, unknown> {
  return {
    name: settings?.name ?? DEFAULT_PAGE_NAME,
    description: settings?.description ?? '',
    timeZone: settings?.timeZone ?? 'Etc/UTC',
    language: settings?.language ?? 'en',
    companyUrl: settings?.companyUrl ?? null,
    supportUrl: settings?.supportUrl ?? null,
    accent: settings?.accent ?? null,
    footerLinks: settings?.footerLinks ?? [],
  };
}

/**
 * Saves the page's name, description, links, time zone, accent and footer links.
 * Fields missing from the input keep their stored value, so `herald page set --name X`
 * changes only the name. The page_settings trigger bumps page_version: every web
 * process rebuilds its public snapshot within its poll interval. Admins only.
 */
export async function savePageSettings(services: Services, actor: Actor, input: Record<string, unknown>): Promise<Result<PageSettingsInput>> {
  requirePermission(actor, 'settings.manage');
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx) => {
    const before = await findPageSettings(trx);
    const merged: Record<string, unknown> = currentValues(before);
    for (const field of FIELDS) if (field in input && input[field] !== undefined) merged[field] = input[field];
    const parsed = parseInput(pageSettingsSchema, merged);
    if (!parsed.ok) return parsed;
    await savePageBrand(trx, parsed.value, now);
    const changed = FIELDS.filter((field) => JSON.stringify(currentValues(before)[field]) !== JSON.stringify(parsed.value[field]));
    await insertTimelineEvent(trx, { ...auditActor(actor), occurredAt: now, kind: 'settings.page_changed', details: { fields: changed } });
    return ok(parsed.value);
  });
  if (!result.ok) return { ok: false, errors: foldListErrors(result.errors) };
  services.refreshSnapshot();
  return result;
}

/** "footerLinks.2.url" → "footerLinks": the form has one textarea for them all. */
function foldListErrors(errors: Record<string, string>): Record<string, string> {
  const folded: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) folded[key.split('.')[0]!] ??= message;
  return folded;
}
