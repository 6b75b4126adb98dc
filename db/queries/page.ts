import { sql } from 'kysely';
import type { FooterLink, PageSettings } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';
import type { Language } from '../../src/domain/language.ts';

export const PAGE_ID = 'page';

export interface PageVersion {
  version: string;
  changedAt: Date;
}

export async function getPageVersion(db: Db): Promise<PageVersion> {
  const row = await db.selectFrom('page_version').select(['version', 'changed_at']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { version: String(row.version), changedAt: row.changed_at };
}

export async function findPageSettings(db: Db): Promise<PageSettings | null> {
  // Not the logo's bytes: the snapshot reads this on every change, the logo route alone needs them.
  const row = await db
    .selectFrom('page_settings')
    .select(['id', 'name', 'description', 'time_zone', 'language', 'updated_at', 'company_url', 'support_url', 'accent', 'footer_links', 'logo_type', 'favicon_type'])
    .where('id', '=', PAGE_ID)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        description: row.description,
        timeZone: row.time_zone,
        language: row.language,
        updatedAt: row.updated_at,
        companyUrl: row.company_url,
        supportUrl: row.support_url,
        accent: row.accent,
        footerLinks: Array.isArray(row.footer_links) ? row.footer_links : [],
        logoType: row.logo_type,
        faviconType: row.favicon_type,
      }
    : null;
}

/** The brand fields an admin edits (not the logo, which has its own upload). */
export interface PageBrandValues {
  name: string;
  description: string;
  timeZone: string;
  /** Absent: unchanged (English on a new page). */
  language?: Language;
  companyUrl: string | null;
  supportUrl: string | null;
  accent: string | null;
  footerLinks: FooterLink[];
}

export async function savePageBrand(db: Db, values: PageBrandValues, at: Date): Promise<void> {
  const set = {
    name: values.name,
    description: values.description,
    time_zone: values.timeZone,
    ...(values.language ? { language: values.language } : {}),
    company_url: values.companyUrl,
    support_url: values.supportUrl,
    accent: values.accent,
    footer_links: JSON.stringify(values.footerLinks),
    updated_at: at,
  };
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, ...set })
    .onConflict((oc) => oc.column('id').doUpdateSet(set))
    .execute();
}

export async function upsertPageSettings(db: Db, settings: { name: string; description: string }, at: Date): Promise<void> {
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, name: settings.name, description: settings.description, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: settings.name, description: settings.description, updated_at: at }))
    .execute();
}

/** Stores the logo (null removes it); the row must exist, so a default name is inserted if needed. */
export async function savePageLogo(db: Db, logo: { bytes: Uint8Array; type: string } | null, defaultName: string, at: Date): Promise<void> {
  const set = { logo: logo ? Buffer.from(logo.bytes) : null, logo_type: logo?.type ?? null, updated_at: at };
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, name: defaultName, ...set })
    .onConflict((oc) => oc.column('id').doUpdateSet(set))
    .execute();
}

export async function findPageLogo(db: Db): Promise<{ bytes: Uint8Array; type: string; updatedAt: Date } | null> {
  const row = await db.selectFrom('page_settings').select(['logo', 'logo_type', 'updated_at']).where('id', '=', PAGE_ID).executeTakeFirst();
  return row?.logo && row.logo_type ? { bytes: new Uint8Array(row.logo), type: row.logo_type, updatedAt: row.updated_at } : null;
}

/** Stores the favicon (null removes it); like the logo, the row is created with a default name if needed. */
export async function savePageFavicon(db: Db, favicon: { bytes: Uint8Array; type: string } | null, defaultName: string, at: Date): Promise<void> {
  const set = { favicon: favicon ? Buffer.from(favicon.bytes) : null, favicon_type: favicon?.type ?? null, updated_at: at };
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, name: defaultName, ...set })
    .onConflict((oc) => oc.column('id').doUpdateSet(set))
    .execute();
}

export async function findPageFavicon(db: Db): Promise<{ bytes: Uint8Array; type: string; updatedAt: Date } | null> {
  const row = await db.selectFrom('page_settings').select(['favicon', 'favicon_type', 'updated_at']).where('id', '=', PAGE_ID).executeTakeFirst();
  return row?.favicon && row.favicon_type ? { bytes: new Uint8Array(row.favicon), type: row.favicon_type, updatedAt: row.updated_at } : null;
}

export async function findOnboardingDismissedAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('page_settings').select('onboarding_dismissed_at').where('id', '=', PAGE_ID).executeTakeFirst();
  return row?.onboarding_dismissed_at ?? null;
}

export async function dismissOnboarding(db: Db, defaultName: string, at: Date): Promise<void> {
  await db
    .insertInto('page_settings')
    .values({ id: PAGE_ID, name: defaultName, onboarding_dismissed_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ onboarding_dismissed_at: at }))
    .execute();
}

/** Cheap liveness probe for /readyz. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
