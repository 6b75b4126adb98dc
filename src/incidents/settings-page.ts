import { faviconPath, logoPath } from '../status/links.ts';
import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { SEVERITIES } from '../domain/types.ts';
import { type FormValues, textField } from '../http/form-fields.ts';
import type { InternalRecipient } from '../domain/internal-recipient.ts';
import { addInternalRecipient } from '../internal-list/add-internal-recipient.ts';
import { loadInternalRecipients } from '../internal-list/load-internal-recipients.ts';
import { removeInternalRecipient } from '../internal-list/remove-internal-recipient.ts';
import type { Services } from '../services.ts';
import { loadPageSettingsForm, type PageSettingsFormValues, type PageSettingsPosted, postFaviconForm, postLogoForm, postPageSettingsForm } from '../settings/page-settings-form.ts';
import { findPageFavicon, findPageLogo } from '../../db/queries/page.ts';
import { updateCadenceTargets } from './update-cadence-targets.ts';

/**
 * The settings page (pages/admin/settings.astro): update cadence targets per
 * severity, and the internal list. Admins only, for reading too.
 */

/** What was typed, kept on failure: the cadence fields, or the address being added. */
export interface SettingsPosted {
  cadence: Record<string, string> | null;
  errors: Record<string, string>;
  listErrors: Record<string, string>;
  newRecipient: string;
  /** The page (brand) form, when that was the one posted. */
  page?: PageSettingsPosted;
  logoError?: string;
  faviconError?: string;
}

export async function handleSettingsPost(
  services: Services,
  actor: Actor,
  form: FormValues,
  logo: Uint8Array | null = null,
  favicon: Uint8Array | null = null,
): Promise<{ redirect: string } | { status: 400; posted: SettingsPosted }> {
  requirePermission(actor, 'settings.manage');
  const intent = textField(form, 'intent');
  if (intent === 'favicon' || intent === 'remove-favicon') {
    const outcome = await postFaviconForm(services, actor, intent, favicon);
    if (outcome.ok) return { redirect: `/admin/settings?done=${outcome.removed ? 'favicon-removed' : 'favicon-saved'}#favicon-h` };
    return { status: 400, posted: { cadence: null, errors: {}, listErrors: {}, newRecipient: '', faviconError: outcome.error } };
  }
  if (intent === 'logo' || intent === 'remove-logo') {
    const outcome = await postLogoForm(services, actor, intent, logo);
    if (outcome.ok) return { redirect: `/admin/settings?done=${outcome.removed ? 'logo-removed' : 'logo-saved'}#logo-h` };
    return { status: 400, posted: { cadence: null, errors: {}, listErrors: {}, newRecipient: '', logoError: outcome.error } };
  }
  if (intent === 'page') {
    const outcome = await postPageSettingsForm(services, actor, form);
    if (outcome.ok) return { redirect: '/admin/settings?done=page-saved#page-h' };
    return { status: 400, posted: { cadence: null, errors: {}, listErrors: {}, newRecipient: '', page: outcome.posted } };
  }
  if (intent === 'add-recipient' || intent === 'remove-recipient') {
    const adding = intent === 'add-recipient';
    const result = adding ? await addInternalRecipient(services, actor, form) : await removeInternalRecipient(services, actor, form);
    if (result.ok) return { redirect: `/admin/settings?done=${adding ? 'recipient-added' : 'recipient-removed'}#internal-h` };
    return { status: 400, posted: { cadence: null, errors: {}, listErrors: result.errors, newRecipient: adding ? textField(form, 'email') : '' } };
  }
  const cadence = Object.fromEntries(SEVERITIES.map((s) => [s, textField(form, s)]));
  const result = await updateCadenceTargets(services, actor, cadence);
  if (result.ok) return { redirect: '/admin/settings?done=saved' };
  return { status: 400, posted: { cadence, errors: result.errors, listErrors: {}, newRecipient: '' } };
}

const DONE_LIST: Record<string, string> = {
  'recipient-added': 'Address added to the internal list.',
  'recipient-removed': 'Address removed from the internal list.',
};

export interface SettingsPageView {
  /** The cadence fields: minutes per severity, "" for none. */
  values: Record<string, string>;
  recipients: InternalRecipient[];
  saved: boolean;
  listNotice: string | null;
  page: PageSettingsFormValues;
  pageErrors: Record<string, string>;
  pageSaved: boolean;
  /** Path of the current logo, if any. */
  logoUrl: string | null;
  logoNotice: string | null;
  logoError: string | null;
  /** Path and type of the current favicon, if any. */
  favicon: { url: string; type: string } | null;
  faviconNotice: string | null;
  faviconError: string | null;
}

export async function loadSettingsPage(services: Services, actor: Actor, done: string | null, posted: SettingsPosted | null): Promise<SettingsPageView> {
  // A 403 for anyone else, for reading too.
  requirePermission(actor, 'settings.manage');
  const [stored, recipients, page, logo, favicon] = await Promise.all([
    findCadenceTargets(services.db),
    loadInternalRecipients(services, actor),
    loadPageSettingsForm(services),
    findPageLogo(services.db),
    findPageFavicon(services.db),
  ]);
  return {
    values: posted?.cadence ?? Object.fromEntries(SEVERITIES.map((s) => [s, stored[s] === null ? '' : String(stored[s])])),
    recipients,
    saved: done === 'saved',
    listNotice: done ? (DONE_LIST[done] ?? null) : null,
    page: posted?.page?.values ?? page,
    pageErrors: posted?.page?.errors ?? {},
    pageSaved: done === 'page-saved',
    logoUrl: logo ? logoPath(logo.updatedAt) : null,
    logoNotice: done === 'logo-saved' ? 'Logo saved. The public page shows it within seconds.' : done === 'logo-removed' ? 'Logo removed.' : null,
    logoError: posted?.logoError ?? null,
    favicon: favicon ? { url: faviconPath(favicon.updatedAt), type: favicon.type } : null,
    faviconNotice: done === 'favicon-saved' ? 'Favicon saved. Browsers show it within seconds (some keep the old one until the tab reloads).' : done === 'favicon-removed' ? 'Favicon removed: the logo, or Herald’s icon, stands in.' : null,
    faviconError: posted?.faviconError ?? null,
  };
}
