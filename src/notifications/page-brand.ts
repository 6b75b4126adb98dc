import type { Db } from '../../db/client.ts';
import { findPageSettings } from '../../db/queries/page.ts';
import type { PageSettings } from '../domain/types.ts';
import { logoPath } from '../status/links.ts';
import { displayTimeZone, type TimeZone } from '../time/time-zone.ts';

/**
 * What every email takes from the page settings: the name (subject, From display
 * name, header, text part), the logo as an absolute URL (mail is read far from the
 * page), the accent colour, and the zone its dates are written in.
 */
export interface PageBrand {
  pageName: string;
  logoUrl: string | null;
  accent: string | null;
  timeZone: TimeZone;
}

/** Pure: the brand from the settings row (null before any was saved: Herald's defaults). */
export function pageBrandOf(settings: PageSettings | null, publicUrl: string): PageBrand {
  return {
    pageName: settings?.name ?? 'Status',
    logoUrl: settings?.logoType ? `${publicUrl}${logoPath(settings.updatedAt)}` : null,
    accent: settings?.accent ?? null,
    timeZone: displayTimeZone(settings?.timeZone),
  };
}

export async function loadPageBrand(db: Db, publicUrl: string): Promise<PageBrand> {
  return pageBrandOf(await findPageSettings(db), publicUrl);
}
