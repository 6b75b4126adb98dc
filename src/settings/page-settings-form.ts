import { findPageSettings } from '../../db/queries/page.ts';
import type { Actor } from '../auth/permissions.ts';
import type { FormValues } from '../http/form-fields.ts';
import { textField } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { formatFooterLinks } from './page-settings-schema.ts';
import { savePageFaviconUseCase } from './save-page-favicon.ts';
import { savePageLogoUseCase } from './save-page-logo.ts';
import { savePageSettings } from './save-page-settings.ts';
import { DEFAULT_PAGE_NAME } from './site-title.ts';

/** The page-settings form of /admin/settings: what is shown in its fields, as text. */
export interface PageSettingsFormValues {
  name: string;
  description: string;
  timeZone: string;
  language: string;
  companyUrl: string;
  supportUrl: string;
  accent: string;
  footerLinks: string;
}

export const PAGE_SETTINGS_FIELDS: Array<keyof PageSettingsFormValues> = ['name', 'description', 'timeZone', 'language', 'companyUrl', 'supportUrl', 'accent', 'footerLinks'];

export interface PageSettingsPosted {
  values: PageSettingsFormValues;
  errors: Record<string, string>;
}

export async function loadPageSettingsForm(services: Services): Promise<PageSettingsFormValues> {
  const settings = await findPageSettings(services.db);
  return {
    name: settings?.name ?? DEFAULT_PAGE_NAME,
    description: settings?.description ?? '',
    timeZone: settings?.timeZone ?? 'Etc/UTC',
    language: settings?.language ?? 'en',
    companyUrl: settings?.companyUrl ?? '',
    supportUrl: settings?.supportUrl ?? '',
    accent: settings?.accent ?? '',
    footerLinks: formatFooterLinks(settings?.footerLinks ?? []),
  };
}

/** POST with intent=page: saves, or gives the typed values back with the errors. */
export async function postPageSettingsForm(services: Services, actor: Actor, form: FormValues): Promise<{ ok: true } | { ok: false; posted: PageSettingsPosted }> {
  const values = Object.fromEntries(PAGE_SETTINGS_FIELDS.map((field) => [field, textField(form, field)])) as unknown as PageSettingsFormValues;
  const result = await savePageSettings(services, actor, { ...values });
  return result.ok ? { ok: true } : { ok: false, posted: { values, errors: result.errors } };
}

/** The bytes of an uploaded file field, or null when none was chosen. */
export async function fileField(form: FormData, key: string): Promise<Uint8Array | null> {
  const value = form.get(key);
  if (value === null || typeof value === 'string' || value.size === 0) return null;
  return new Uint8Array(await value.arrayBuffer());
}

/** POST with intent=favicon (upload) or remove-favicon. */
export async function postFaviconForm(services: Services, actor: Actor, intent: string, bytes: Uint8Array | null): Promise<{ ok: true; removed: boolean } | { ok: false; error: string }> {
  if (intent === 'favicon' && bytes === null) return { ok: false, error: 'Choose a PNG or SVG file to upload.' };
  const result = await savePageFaviconUseCase(services, actor, intent === 'remove-favicon' ? null : bytes);
  return result.ok ? { ok: true, removed: result.value.removed } : { ok: false, error: result.errors['favicon'] ?? Object.values(result.errors)[0] ?? '' };
}

/** POST with intent=logo (upload) or remove-logo. */
export async function postLogoForm(services: Services, actor: Actor, intent: string, bytes: Uint8Array | null): Promise<{ ok: true; removed: boolean } | { ok: false; error: string }> {
  if (intent === 'logo' && bytes === null) return { ok: false, error: 'Choose a PNG file to upload.' };
  const result = await savePageLogoUseCase(services, actor, intent === 'remove-logo' ? null : bytes);
  return result.ok ? { ok: true, removed: result.value.removed } : { ok: false, error: result.errors['logo'] ?? Object.values(result.errors)[0] ?? '' };
}
